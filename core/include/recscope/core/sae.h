// SPDX-License-Identifier: MIT
#pragma once
// RecSAE (Wang et al., "Interpret the Internal States of Recommendation Model with Sparse
// Autoencoder", arXiv 2411.06112): a TopK sparse autoencoder trained on a frozen sequential
// model's hidden states, a concept dictionary built from what each latent's top-activating
// sequences share, a confidence per concept from predicting activations on held-out sequences,
// and latent ablation / steering. Research notes: ../shared/research/algorithms-sequence.md §5.

#include "recscope/core/concept.h"
#include "recscope/core/config_fields.h"
#include "recscope/core/run_observer.h"
#include "recscope/core/synthetic.h"

#include <cstdint>
#include <memory>
#include <stop_token>
#include <string>
#include <vector>

namespace recscope::core {

class Registry;
class ProjectStore;

/// Settings of one probe. Defaults follow the RecSAE code (sae.py, run.sh) where it has them.
struct RS_CORE_EXPORT SaeConfig
{
    int scale = 16; ///< dictionary size = scale × hidden size (sae_scale_size 16 or 32)
    int k = 8;      ///< latents kept per activation (TopK, sae_k 8/16/32)
    int auxK = 0;   ///< latents of the AuxK loss; 0 = hidden size / 2 (the code's k_aux)
    double auxCoefficient = 1.0 / 32;
    int epochs = 50;
    int batchSize = 256; ///< activations per step
    double learningRate = 5e-4;
    int patience = 10;       ///< epochs without a better validation metric before stopping; 0 = off
    int prefixesPerUser = 8; ///< sequences probed per user: the whole history and random prefixes
    int describeExamples = 10; ///< top-activating sequences a concept is read from (paper: 5)
    int verifyExamples = 10;   ///< held-out top-activating sequences it is checked on (paper: 5)
    int randomExamples = 10;   ///< sequences where the latent is off, checked too (paper: 5)
    double confidentAt
        = 0.8; ///< confidence at which a concept counts as interpretable (paper: 0.8)
    std::uint64_t seed = 7;

    /// Throws ConfigError naming the field ("sae.k", ...) when a value is out of range.
    void validate() const;
    std::string toJson() const;
    /// Reads the keys present in a JSON object (the names of toJson()); unknown keys are errors.
    static SaeConfig fromJson(const std::string &json);
    /// Every field's key, meaning and CLI spelling; toJson, fromJson and the CLI derive from it.
    static const ConfigFields<SaeConfig> &fields();
};

/// Recommendations of one user before and after a latent edit.
struct RS_CORE_EXPORT SteerRow
{
    std::int64_t user = 0;
    float activation = 0; ///< the latent's activation on the user's sequence before the edit
    std::vector<std::int64_t> before, after; ///< top-K item ids
};

struct RS_CORE_EXPORT SteerResult
{
    std::vector<SteerRow> rows;
    /// Mean share of the concept's items (the genre or item it names) in the top-K over rows.
    double conceptShareBefore = 0, conceptShareAfter = 0;
};

/// How many of the synthetic generator's planted structures the dictionary names with
/// confidence ≥ confidentAt: each genre g (a genre concept naming g: last, recent, streak,
/// recommended) and each transition g → next(g) (a genre concept on g whose top examples'
/// recommendation is next(g), or a two-genre concept g, next(g)).
struct RS_CORE_EXPORT PlantedRecovery
{
    int genres = 0, genresFound = 0, transitions = 0, transitionsFound = 0;
    std::vector<double> genreConfidence,
        transitionConfidence; ///< best confidence per planted one, 0 if never named
};

/// genreNames: the probed dataset's category vocabulary; truthGenreNames and truth: what
/// generateSynthetic planted (names map one onto the other).
RS_CORE_EXPORT PlantedRecovery recoverPlanted(const std::vector<Concept> &concepts,
                                              const std::vector<std::string> &genreNames,
                                              const SyntheticTruth &truth,
                                              const std::vector<std::string> &truthGenreNames,
                                              double confidentAt);

/// Trains a sparse autoencoder on a stored ranking run's hidden states and builds its concept
/// dictionary; the probe is stored as a run of model "recsae" in the same experiment (curves,
/// final metrics, weights next to the probed model's) with its concepts. Returns its run id.
/// Throws ConfigError("run") when the run cannot be probed (no saved model, no hidden states).
RS_CORE_EXPORT std::int64_t trainSae(const Registry &registry,
                                     ProjectStore &store,
                                     std::int64_t runId,
                                     const SaeConfig &config,
                                     std::stop_token stop,
                                     RunObserver &observer);

/// A trained probe opened for browsing and editing: the probed model and the autoencoder
/// loaded on the CPU, the concepts read from the store.
class RS_CORE_EXPORT SaeLab
{
public:
    SaeLab(const Registry &registry, const ProjectStore &store, std::int64_t saeRunId);
    ~SaeLab();
    SaeLab(const SaeLab &) = delete;
    SaeLab &operator=(const SaeLab &) = delete;

    std::int64_t probedRun() const;
    const std::vector<Concept> &concepts() const;
    /// Readable item: its title or id, with its first category.
    std::string itemName(std::int64_t item) const;
    std::string userId(std::int64_t user) const;
    std::string genreName(std::int64_t genre) const; ///< a category of the probed dataset
    std::int64_t findUser(const std::string &id) const;
    /// The items of a probed sequence (user's first `end` items of train + valid), oldest first.
    std::vector<std::int64_t> sequence(std::int64_t user, std::int64_t end) const;
    /// Sets each latent to factor × its largest probed activation (factor 0 ablates) in each
    /// user's final hidden state — h' = h + Σⱼ (z'ⱼ − zⱼ)·W_dec[j], keeping the autoencoder's
    /// error — and returns the top-K lists before and after, known items masked. The concept
    /// items are those of the first latent's concept.
    SteerResult steer(const std::vector<int> &latents,
                      double factor,
                      const std::vector<std::int64_t> &users,
                      int topK = 10) const;
    /// The latents whose concept says the same as latent's (kind, genres or item, recommended
    /// genre), latent first: dictionaries split one concept over several latents, and switching
    /// one off leaves the others carrying it.
    std::vector<int> sameConcept(int latent) const;
    /// Users on whose full history the latent is most active, best first.
    std::vector<std::int64_t> mostActiveUsers(int latent, int count) const;
    /// The first users (by id order) on whose full history the latent is off: where steering
    /// it on shows what it adds.
    std::vector<std::int64_t> inactiveUsers(int latent, int count) const;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace recscope::core
