// SPDX-License-Identifier: MIT
// Plugin discovery and loading (STYLE.md §6.4): manifest first, then the library's stamp read
// from the file, then dlopen and the descriptor checks, then registration into a scratch
// registry that is absorbed whole or not at all.
#include "plugins/plugin_stamp.h"
#include "recscope/core/error.h"
#include "recscope/core/plugins.h"
#include "recscope/core/registry.h"

#include <recscope/sdk/plugin.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include <dlfcn.h>
#include <sys/stat.h>
#include <unistd.h>

namespace recscope::core {

namespace fs = std::filesystem;

const char *stateName(PluginRecord::State state)
{
    switch (state) {
    case PluginRecord::State::Loaded:
        return "loaded";
    case PluginRecord::State::Disabled:
        return "disabled";
    case PluginRecord::State::Refused:
        return "refused";
    }
    return "?";
}

fs::path currentExecutableDir()
{
    std::error_code ec;
    const auto exe = fs::read_symlink("/proc/self/exe", ec);
    return ec ? fs::path() : exe.parent_path();
}

std::vector<fs::path> pluginSearchPath(const fs::path &executableDir)
{
    std::vector<fs::path> dirs;
    if (const char *env = std::getenv("RECSCOPE_PLUGIN_PATH")) {
        std::stringstream list(env);
        for (std::string dir; std::getline(list, dir, ':');)
            if (!dir.empty())
                dirs.emplace_back(dir);
    }
    if (!executableDir.empty())
        dirs.push_back((executableDir / ".." / "lib" / "recscope" / "plugins").lexically_normal());
    if (const char *xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg)
        dirs.push_back(fs::path(xdg) / "recscope" / "plugins");
    else if (const char *home = std::getenv("HOME"); home && *home)
        dirs.push_back(fs::path(home) / ".local" / "share" / "recscope" / "plugins");
    return dirs;
}

namespace {

std::string versionText(int v)
{
    return v == 0 ? "none"
                  : std::to_string(v / 10000) + "." + std::to_string(v / 100 % 100) + "."
                        + std::to_string(v % 100);
}

/// Why a folder's plugins must not be loaded, or empty. Opening a library runs its code before
/// any check can read its descriptor, so only folders that nobody else can write into are read:
/// absolute (a relative entry would depend on the current folder), owned by this user or root,
/// and not writable by others (unless sticky and ours). The same holds for each library. Group
/// write is allowed: with Debian's per-user groups and umask 002 every build tree has it.
std::string unsafeBecause(const fs::path &path, bool folder)
{
    if (path.is_relative())
        return "the plugin path entry '" + path.string()
               + "' is relative (to whatever the current folder is); give an absolute folder";
    struct stat st
    {};
    if (::stat(path.c_str(), &st) != 0)
        return {};
    if (st.st_uid != 0 && st.st_uid != ::geteuid())
        return path.string() + " belongs to another user (uid " + std::to_string(st.st_uid)
               + "); its code would run as you";
    if ((st.st_mode & S_IWOTH) && !(folder && (st.st_mode & S_ISVTX) && st.st_uid == ::geteuid()))
        return path.string() + " is writable by other users (mode " + [&] {
            char m[8];
            std::snprintf(m, sizeof m, "%03o", st.st_mode & 0777);
            return std::string(m);
        }() + "); anyone could put code there. chmod o-w it to load its plugins";
    return {};
}

bool enabledByEnvironment(const std::string &id)
{
    const char *env = std::getenv("RECSCOPE_ENABLE_PLUGINS");
    if (!env)
        return false;
    std::stringstream list(env);
    for (std::string item; std::getline(list, item, ',');)
        if (item == id)
            return true;
    return false;
}

/// Fills id, version, kinds, description and library from the manifest and returns its
/// defaultEnabled (true when absent); throws ConfigError naming the file and field.
bool readManifest(PluginRecord &rec)
{
    const std::string file = rec.manifest.string();
    std::ifstream in(rec.manifest);
    nlohmann::json doc;
    try {
        doc = nlohmann::json::parse(in);
    } catch (const nlohmann::json::exception &e) {
        throw ConfigError(file, std::string("the plugin manifest is not valid JSON: ") + e.what());
    }
    auto text = [&](const char *key, bool required) {
        if (!doc.contains(key)) {
            if (required)
                throw ConfigError(file + ": " + key, "missing in the plugin manifest");
            return std::string();
        }
        if (!doc[key].is_string())
            throw ConfigError(file + ": " + key, "expected a string");
        return doc[key].get<std::string>();
    };
    rec.id = text("id", true);
    rec.version = text("version", true);
    rec.description = text("description", false);
    if (!doc.contains("api") || !doc["api"].is_number_integer())
        throw ConfigError(file + ": api", "expected the plugin API version as an integer");
    if (doc.contains("kinds")) {
        if (!doc["kinds"].is_array())
            throw ConfigError(file + ": kinds", "expected a list such as [\"model\"]");
        for (const auto &k : doc["kinds"])
            rec.kinds.push_back(k.is_string() ? k.get<std::string>() : k.dump());
    }
    const std::string library
        = doc.contains("library") ? text("library", true) : "librs_" + rec.id + ".so";
    // The library sits beside its manifest: a path would let a manifest load code from anywhere.
    if (library.empty() || library == "." || library == ".."
        || library.find('/') != std::string::npos)
        throw ConfigError(file + ": library",
                          "expected a file name in the manifest's folder, not the path '"
                              + library.substr(0, 80) + "'");
    rec.library = rec.manifest.parent_path() / library;
    // Compared as the JSON number it is: an int cast would take 2^32 + 1 for 1.
    const auto &api = doc["api"];
    const bool apiMatches
        = api.is_number_unsigned()
              ? api.get<std::uint64_t>() == std::uint64_t(RECSCOPE_PLUGIN_API_VERSION)
              : api.get<std::int64_t>() == RECSCOPE_PLUGIN_API_VERSION;
    if (!apiMatches)
        throw ConfigError(file + ": api",
                          "incompatible plugin API version " + api.dump()
                              + "; this RecScope loads version "
                              + std::to_string(RECSCOPE_PLUGIN_API_VERSION)
                              + " (rebuild the plugin against this SDK)");
    if (doc.contains("defaultEnabled") && !doc["defaultEnabled"].is_boolean())
        throw ConfigError(file + ": defaultEnabled", "expected true or false");
    return !doc.contains("defaultEnabled") || doc["defaultEnabled"].get<bool>();
}

/// What a plugin says about how it was built: from its stamp (read from the file) or its
/// descriptor (returned by its entry point once loaded).
struct BuildFacts
{
    int apiVersion = 0;
    std::string id;
    int torchVersion = 0;
    int cxx11Abi = 0;
    std::string compiler;
};

BuildFacts factsOf(const RsPluginStampV1 &s)
{
    return {s.apiVersion, s.id, s.torchVersion, s.cxx11Abi, s.compiler};
}

BuildFacts factsOf(const RsPluginV1 &d)
{
    return {d.apiVersion,
            d.id ? d.id : "",
            d.torchVersion,
            d.cxx11Abi,
            d.compiler ? d.compiler : ""};
}

/// Throws ConfigError naming the library and every mismatch between its build and the host's.
void checkBuild(const PluginRecord &rec, const BuildFacts &d)
{
    const std::string file = rec.library.string();
    if (d.apiVersion != RECSCOPE_PLUGIN_API_VERSION)
        throw ConfigError(file,
                          "incompatible plugin API version " + std::to_string(d.apiVersion)
                              + "; this RecScope loads version "
                              + std::to_string(RECSCOPE_PLUGIN_API_VERSION));
    std::vector<std::string> problems;
    if (rec.id != d.id)
        problems.push_back("its id is '" + d.id + "' but the manifest says '" + rec.id + "'");
    if (d.torchVersion != 0 && d.torchVersion != RECSCOPE_PLUGIN_TORCH_VERSION)
        problems.push_back("built against LibTorch " + versionText(d.torchVersion)
                           + ", RecScope uses " + versionText(RECSCOPE_PLUGIN_TORCH_VERSION));
    if (d.cxx11Abi != _GLIBCXX_USE_CXX11_ABI)
        problems.push_back("_GLIBCXX_USE_CXX11_ABI=" + std::to_string(d.cxx11Abi)
                           + ", RecScope uses " + std::to_string(_GLIBCXX_USE_CXX11_ABI));
    if (d.compiler != RECSCOPE_PLUGIN_COMPILER)
        problems.push_back("built with " + d.compiler + ", RecScope with "
                           + RECSCOPE_PLUGIN_COMPILER);
    if (problems.empty())
        return;
    std::string text = "refused: ";
    for (std::size_t k = 0; k < problems.size(); ++k)
        text += (k ? "; " : "") + problems[k];
    throw ConfigError(file, text + " (rebuild it with the same toolchain as RecScope)");
}

std::vector<std::string> provided(const Registry &r)
{
    std::vector<std::string> out;
    for (const auto &m : r.models())
        out.push_back("model " + m.id);
    for (const auto &l : r.datasetLoaders())
        out.push_back("dataset " + l.id);
    for (const auto &m : r.metrics())
        out.push_back("metric " + m.name);
    return out;
}

/// Libraries opened so far, by file identity: a plugin cannot come in twice under two names
/// (a copy of the manifest, a hard link or a symbolic link to the same library).
using LoadedFiles = std::map<std::pair<dev_t, ino_t>, std::string>;

void load(PluginRecord &rec, Registry &registry, LoadedFiles &loaded)
{
    if (!fs::exists(rec.library))
        throw ConfigError(rec.library.string(),
                          "the library named by " + rec.manifest.filename().string()
                              + " does not exist");
    if (const auto why = unsafeBecause(rec.library, false); !why.empty())
        throw ConfigError(rec.library.string(), "refused: " + why);
    struct stat st
    {};
    const bool known = ::stat(rec.library.c_str(), &st) == 0;
    if (const auto at = loaded.find({st.st_dev, st.st_ino}); known && at != loaded.end())
        throw ConfigError(rec.library.string(),
                          "refused: this library is already loaded as plugin '" + at->second + "'");
    // Checked from the file before dlopen runs any of its code (constructors included).
    checkBuild(rec, factsOf(detail::readPluginStamp(rec.library)));
    // RTLD_LOCAL: plugins do not see each other's symbols. Never dlclose'd: the registry keeps
    // factories whose code lives in the library.
    void *handle = dlopen(rec.library.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle)
        throw ConfigError(rec.library.string(), std::string("cannot load: ") + dlerror());
    using Entry = const RsPluginV1 *(*)();
    auto entry = reinterpret_cast<Entry>(dlsym(handle, "recscope_plugin_entry"));
    if (!entry)
        throw ConfigError(rec.library.string(),
                          "no recscope_plugin_entry symbol (use the RECSCOPE_PLUGIN macro)");
    const RsPluginV1 *d = entry();
    if (!d)
        throw ConfigError(rec.library.string(), "recscope_plugin_entry returned nothing");
    checkBuild(rec, factsOf(*d)); // the descriptor too: a stamp is a claim, not a proof
    if (!d->registerExtensions)
        throw ConfigError(rec.library.string(), "refused: it has no registration function");
    Registry scratch;
    try {
        d->registerExtensions(scratch);
    } catch (const std::exception &e) {
        throw ConfigError(rec.library.string(), std::string("registration failed: ") + e.what());
    }
    rec.provides = provided(scratch);
    registry.absorb(std::move(scratch));
    if (known) // only a library that loaded counts: a refused one may be named again
        loaded.emplace(std::make_pair(st.st_dev, st.st_ino), rec.id);
}

} // namespace

std::vector<PluginRecord> loadPlugins(Registry &registry, const std::vector<fs::path> &directories)
{
    std::vector<PluginRecord> records;
    std::set<std::string> seen;
    LoadedFiles loaded;
    for (const auto &dir : directories) {
        std::error_code ec;
        if (!fs::is_directory(dir, ec) && !dir.is_relative())
            continue;
        if (const auto why = unsafeBecause(dir, true); !why.empty()) { // said once for the folder
            PluginRecord rec;
            rec.manifest = dir;
            rec.message = "refused the folder: " + why;
            records.push_back(std::move(rec));
            continue;
        }
        std::vector<fs::path> manifests;
        for (const auto &e : fs::directory_iterator(dir, ec))
            if (e.path().extension() == ".json")
                manifests.push_back(e.path());
        std::sort(manifests.begin(), manifests.end());
        for (const auto &m : manifests) {
            PluginRecord rec;
            rec.manifest = m;
            try {
                const bool enabled = readManifest(rec);
                if (!seen.insert(rec.id).second)
                    throw ConfigError(m.string(),
                                      "a plugin with id '" + rec.id
                                          + "' was already found earlier on the plugin path");
                if (!enabled && !enabledByEnvironment(rec.id)) {
                    rec.state = PluginRecord::State::Disabled;
                    rec.message = "disabled by its manifest (defaultEnabled: false); "
                                  "RECSCOPE_ENABLE_PLUGINS="
                                  + rec.id + " loads it";
                } else {
                    load(rec, registry, loaded);
                    rec.state = PluginRecord::State::Loaded;
                }
            } catch (const std::exception &e) {
                rec.state = PluginRecord::State::Refused;
                rec.message = e.what();
                rec.provides.clear();
            }
            records.push_back(std::move(rec));
        }
    }
    return records;
}

} // namespace recscope::core
