// SPDX-License-Identifier: MIT
// Example dataset plugin: the Amazon review dumps, one JSON object per line.
//   2014/2018 (McAuley et al.): {"reviewerID": .., "asin": .., "overall": 5.0, "unixReviewTime":
//   1252800000, ..} 2023 (Hou et al., Amazon Reviews'23): {"user_id": .., "parent_asin": ..,
//   "asin": .., "rating": 5.0,
//                                          "timestamp": 1588687728923 (milliseconds), ..}
// The item is parent_asin when present (the 2023 benchmark groups a product's variants under it),
// else asin. Other fields (review text, votes, images) are ignored. Gzipped dumps must be
// unpacked first (gunzip -k).
#include <recscope/sdk/dataset_loader.h>
#include <recscope/sdk/plugin.h>

#include <cmath>
#include <cstdint>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>

namespace {

using nlohmann::json;
using recscope::DataError;

/// The first of `keys` present in the object, or nullptr.
const json *field(const json &row, std::initializer_list<const char *> keys, const char **found)
{
    for (const char *k : keys)
        if (auto it = row.find(k); it != row.end() && !it->is_null()) {
            *found = k;
            return &*it;
        }
    return nullptr;
}

class AmazonReviewsLoader final : public recscope::sdk::DatasetLoader
{
public:
    recscope::core::DatasetLoaderInfo info() const override
    {
        return {"amazon_reviews",
                "Amazon reviews (JSON lines)",
                "One review per line with reviewerID/user_id, asin/parent_asin, overall/rating and "
                "unixReviewTime (s) or timestamp (ms)",
                {".jsonl"}};
    }

    recscope::core::Dataset load(const std::filesystem::path &path) const override
    {
        const std::string file = path.string();
        std::ifstream in(path);
        if (!in)
            throw DataError(file, 0, "", "cannot open the file");
        recscope::sdk::DatasetBuilder b(path.stem().string(), file);
        std::string line;
        std::int64_t number = 0;
        while (std::getline(in, line)) {
            ++number;
            if (line.find_first_not_of(" \t\r") == std::string::npos)
                continue;
            json row;
            try {
                row = json::parse(line);
            } catch (const json::exception &e) {
                throw DataError(file, number, "", std::string("not a JSON object: ") + e.what());
            }
            if (!row.is_object())
                throw DataError(file, number, "", "expected one JSON object per line");
            const char *userKey = "reviewerID", *itemKey = "asin", *ratingKey = "overall",
                       *timeKey = "unixReviewTime";
            const json *user = field(row, {"reviewerID", "user_id"}, &userKey);
            const json *item = field(row, {"parent_asin", "asin"}, &itemKey);
            const json *rating = field(row, {"overall", "rating"}, &ratingKey);
            const json *time = field(row, {"unixReviewTime", "timestamp"}, &timeKey);
            if (!user || !user->is_string())
                throw DataError(file,
                                number,
                                "reviewerID",
                                "missing or not a string (2023 files call it user_id)");
            if (!item || !item->is_string())
                throw DataError(file,
                                number,
                                "asin",
                                "missing or not a string (2023 files also have parent_asin)");
            if (!rating || !rating->is_number())
                throw DataError(file,
                                number,
                                ratingKey,
                                "missing or not a number (2023 files call it rating)");
            if (!time || !time->is_number_integer())
                throw DataError(file,
                                number,
                                timeKey,
                                "missing or not an integer (2023 files give timestamp in ms)");
            // Range checks before the casts: the file is untrusted (RecScope's own loaders keep
            // timestamps within ±2^53 and ratings within a float).
            constexpr std::int64_t kMaxTimestamp = std::int64_t(1) << 53;
            const bool timeInRange
                = time->is_number_unsigned()
                      ? time->get<std::uint64_t>() <= std::uint64_t(kMaxTimestamp)
                      : time->get<std::int64_t>() >= -kMaxTimestamp
                            && time->get<std::int64_t>() <= kMaxTimestamp;
            if (!timeInRange)
                throw DataError(file,
                                number,
                                timeKey,
                                "out of range (at most 2^53 in magnitude): " + time->dump());
            const double stars = rating->get<double>();
            if (!std::isfinite(stars)
                || std::fabs(stars) > double(std::numeric_limits<float>::max()))
                throw DataError(file,
                                number,
                                ratingKey,
                                "out of range for a rating: " + rating->dump());
            std::int64_t seconds = time->get<std::int64_t>();
            if (std::string(timeKey) == "timestamp")
                seconds /= 1000; // 2023 dumps give milliseconds
            const auto u = b.user(user->get<std::string>());
            const auto i = b.item(item->get<std::string>());
            b.add(u, i, seconds, float(stars));
        }
        b.data().hasTime = true;
        b.data().hasRating = true;
        if (b.data().user.empty())
            throw DataError(file, 0, "", "no reviews in the file");
        return b.finish();
    }
};

void registerExtensions(recscope::core::Registry &registry)
{
    registry.add(std::make_shared<AmazonReviewsLoader>());
}

} // namespace

RECSCOPE_PLUGIN("amazon_reviews", registerExtensions)
