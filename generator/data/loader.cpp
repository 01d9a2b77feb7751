#include "data/loader.hpp"

#include <algorithm>

#include "base/fs.hpp"
#include "base/parallel.hpp"
#include "base/text.hpp"
#include "data/loader_internal.hpp"

namespace mb::data {

bool load(const std::filesystem::path& data_dir, const std::string& display_prefix, Dataset& out, Diagnostics& diags,
          const LoadOptions& options) {
  Diagnostics local;
  detail::Loader loader(data_dir, display_prefix, out, local, options);
  loader.run();
  bool ok = !local.has_errors();
  diags.merge(local);
  return ok;
}

namespace detail {

namespace {
const std::vector<std::string> kAgencyFields = {"id", "name", "short_name", "kind", "parent", "url", "aliases"};
const std::vector<std::string> kAgencyKinds = {"province", "department", "commune", "ministry", "other"};
const std::vector<std::string> kGroups = {std::string(kGroupAll), std::string(kGroupDepartments),
                                          std::string(kGroupCommunes)};
}  // namespace

void Loader::run() {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir_, ec)) return;

  if (std::filesystem::is_symlink(dir_ / "agencies.json", ec))
    diags_.error(prefix_ + "agencies.json", 0, 0, "symbolic links are not followed");
  else if (std::filesystem::exists(dir_ / "agencies.json", ec))
    load_agencies("agencies.json");
  for (const auto& rel : files_in("agencies")) load_agencies(rel);
  // parents are checked once every agency is known
  for (std::size_t i = 0; i < out_.agencies.size(); ++i) {
    const Agency& a = out_.agencies[i];
    if (a.parent.empty()) continue;
    if (a.parent == a.id)
      agency_doc_[i]->error(diags_, json::pointer_append(agency_ptr_[i], "parent"), "an agency cannot be its own parent");
    else
      check_agency_ref(*agency_doc_[i], json::pointer_append(agency_ptr_[i], "parent"), a.parent, false);
  }

  for (const auto& a : out_.agencies) agency_by_id_.emplace(a.id, &a);  // no agency is added after this
  for (const auto& rel : files_in("indices")) load_index(rel);
  load_parallel(files_in("plans"), &Loader::load_plan);
  check_plan_links();
  std::vector<std::string> results = files_in("results");
  load_parallel(results, &Loader::load_any_results);
  for (const auto& rel : files_in("rankings")) load_ranking(rel);
  out_.finish();
}

void Loader::load_parallel(const std::vector<std::string>& files, void (Loader::*load)(const std::string&)) {
  struct Slot {
    Dataset scratch;
    Diagnostics diags;
    std::vector<PendingPlan> plans;
    std::vector<PendingResults> results;
  };
  std::vector<Slot> slots(files.size());
  parallel_for(files.size(), opt_.jobs, [&](std::size_t i) {
    Loader worker(*this, slots[i].scratch, slots[i].diags);
    (worker.*load)(files[i]);
    slots[i].plans = std::move(worker.pending_plans_);
    slots[i].results = std::move(worker.pending_results_);
  });
  for (auto& slot : slots) {  // in file order, as one thread would have
    diags_.merge(slot.diags);
    for (auto& p : slot.plans) pending_plans_.push_back(std::move(p));
    for (auto& r : slot.results) pending_results_.push_back(std::move(r));
    add_pending();
  }
}

void Loader::add_pending() {
  for (auto& pp : pending_plans_) {
    auto [it, fresh] = plan_index_.emplace(pp.plan.id, out_.plans.size());
    if (!fresh) {
      error_at(pp.id_at, "duplicate plan id '" + pp.plan.id + "'", {first_defined(out_.plans[it->second].origin)});
      continue;
    }
    plan_links_.push_back(std::move(pp.links));
    out_.plans.push_back(std::move(pp.plan));
  }
  pending_plans_.clear();
  for (auto& pr : pending_results_) {
    auto [it, fresh] = results_index_.emplace(pr.set.plan, out_.results.size());
    if (!fresh) {
      error_at(pr.plan_at, "results for plan '" + pr.set.plan + "' are given twice",
               {first_defined(out_.results[it->second].origin)});
      continue;
    }
    out_.results.push_back(std::move(pr.set));
  }
  pending_results_.clear();
}

void Loader::load_any_results(const std::string& rel) {
  if (text::ends_with(rel, ".csv"))
    load_results_csv(rel);
  else
    load_results(rel);
}

std::vector<std::string> Loader::files_in(const std::string& folder) {
  std::vector<std::string> symlinks;
  std::vector<std::string> out;
  for (const auto& f : fs::list_files(dir_ / folder, &symlinks)) {
    std::string rel = folder + "/" + f;
    if (text::ends_with(f, ".json") || (folder == "results" && text::ends_with(f, ".csv"))) {
      if (folder != "rankings" && f.find('/') != std::string::npos) {
        diags_.error(prefix_ + rel, 0, 0, "data files in " + folder + "/ must not be in subfolders");
        continue;
      }
      out.push_back(rel);
    } else if (text::ends_with(f, ".md") || text::ends_with(f, ".txt")) {
      // notes for maintainers
    } else {
      diags_.error(prefix_ + rel, 0, 0,
                   std::string("unsupported data file: ") +
                       (folder == "results" ? "results are JSON or CSV files" : "data files are JSON"));
    }
  }
  for (const auto& s : symlinks) diags_.error(prefix_ + folder + "/" + s, 0, 0, "symbolic links are not followed");
  return out;
}

const Document* Loader::parse(const std::string& rel) {
  auto doc = std::make_unique<Document>();
  if (!json::load_file(dir_ / rel, prefix_ + rel, *doc, diags_, opt_.json)) return nullptr;
  docs_.push_back(std::move(doc));
  return docs_.back().get();
}

std::string Loader::stem_of(const std::string& rel) const {
  return std::filesystem::path(rel).stem().string();
}

bool Loader::check_slug(const Fields& f, const std::string& key, const std::string& id) {
  if (is_slug(id)) return true;
  std::vector<std::string> notes;
  std::string s = text::slugify(id);
  if (!s.empty()) notes.push_back("did you mean '" + s + "'?");
  f.error(key, "invalid id '" + id + "': use lowercase letters a-z, digits and single '-'", notes);
  return false;
}

void Loader::load_agencies(const std::string& rel) {
  const Document* doc = parse(rel);
  if (!doc) return;
  if (!doc->root.is_array()) {
    doc->error(diags_, "", rel + " must hold an array of agencies, not " + json::describe(doc->root));
    return;
  }
  for (std::size_t i = 0; i < doc->root.size(); ++i) {
    std::string ptr = json::pointer_append("", i);
    Fields f(*doc, diags_, doc->root[i], ptr, "agency", kAgencyFields);
    if (!f.ok()) continue;
    Agency a;
    a.origin = {doc->path, f.pos()};
    bool ok = f.str("id", a.id, true);
    if (ok) ok = check_slug(f, "id", a.id);
    f.str("name", a.name, true);
    if (!f.str("short_name", a.short_name, false)) a.short_name = a.name;
    std::string kind;
    if (f.str("kind", kind, true)) {
      auto it = std::find(kAgencyKinds.begin(), kAgencyKinds.end(), kind);
      if (it == kAgencyKinds.end())
        f.error("kind", "unknown agency kind '" + kind + "'",
                {"expected one of: province, department, commune, ministry, other"});
      else
        a.kind = static_cast<AgencyKind>(it - kAgencyKinds.begin());
    }
    f.str("parent", a.parent, false);
    f.url("url", a.url, false);
    f.strings("aliases", a.aliases, false);
    if (!ok) continue;
    auto [it, fresh] = agency_origin_.emplace(a.id, a.origin);
    if (!fresh) {
      f.error("id", "duplicate agency id '" + a.id + "'", {first_defined(it->second)});
      continue;
    }
    agency_ids_.push_back(a.id);
    agency_ptr_.push_back(ptr);
    agency_doc_.push_back(doc);
    out_.agencies.push_back(std::move(a));
  }
}

void Loader::check_agency_ref(const Document& doc, const std::string& pointer, const std::string& id,
                              bool allow_groups) {
  if (is_group_token(id)) {
    if (!allow_groups) {
      doc.error(diags_, pointer, "a group ('" + id + "') is not allowed here; name one agency");
    } else if (std::find(kGroups.begin(), kGroups.end(), id) == kGroups.end()) {
      doc.error(diags_, pointer, "unknown agency group '" + id + "'", suggest(id, kGroups));
    }
    return;
  }
  const Loader& base = shared();  // a worker reads the agencies of the loader that started it
  if (base.agency_origin_.count(id)) return;
  std::vector<std::string> notes = suggest(id, base.agency_ids_);
  if (notes.empty()) {
    // an agency's name or alias written where its id belongs
    std::string folded = text::fold(id);
    for (const auto& a : base.out_.agencies) {
      bool match = text::fold(a.name) == folded || text::fold(a.short_name) == folded;
      for (const auto& al : a.aliases) match = match || text::fold(al) == folded;
      if (match) {
        notes.push_back("did you mean '" + a.id + "'?");
        break;
      }
    }
  }
  doc.error(diags_, pointer, "unknown agency '" + id + "'", notes);
}

}  // namespace detail
}  // namespace mb::data
