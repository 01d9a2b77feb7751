// `minhbach serve`: builds the site into a private folder, serves it over HTTP
// (cpp-httplib), watches the sources with inotify, rebuilds on change and
// reloads open tabs through server-sent events.
//
// The reload script is a file of the server (/__minhbach/reload.js, allowed by
// the site's CSP script-src 'self'); a <script src> tag for it is added to
// HTML responses only, never to the built files. A failed build keeps the
// last good build online and shows its diagnostics (path:line:col) as an
// overlay in every open tab.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <climits>
#include <condition_variable>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

#include <httplib.h>
#include <nlohmann/json.hpp>
#include <poll.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/fs.hpp"
#include "cli/commands.hpp"
#include "cli/progress.hpp"
#include "site/site.hpp"

namespace mb::cli {

namespace {

namespace stdfs = std::filesystem;

const char* const kReloadJs = R"JS(// minhbach serve: live reload and build errors (not part of the built site)
(function () {
  var overlay = null;
  function show(message) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "minhbach-error";
      var s = overlay.style;
      s.position = "fixed"; s.inset = "0"; s.zIndex = "2147483647"; s.overflow = "auto";
      s.background = "rgba(20,20,20,.94)"; s.color = "#ffd7d7"; s.padding = "2em";
      s.font = "14px/1.5 monospace"; s.whiteSpace = "pre-wrap";
      document.body.appendChild(overlay);
    }
    overlay.textContent = "minhbach: the build failed; this is the last good build.\n\n" + message;
  }
  function hide() { if (overlay) { overlay.remove(); overlay = null; } }
  var seen = null;
  var events = new EventSource("/__minhbach/events");
  events.addEventListener("state", function (e) {
    var state = JSON.parse(e.data);
    if (seen !== null && state.generation !== seen && state.ok) { location.reload(); return; }
    seen = state.generation;
    if (state.ok) hide(); else show(state.error);
  });
})();
)JS";

struct State {
  std::mutex mutex;
  std::condition_variable changed;
  long generation = 0;  ///< builds done, good or not
  bool ok = false;
  std::string error;    ///< diagnostics of the last build when it failed
  bool stopping = false;
};

std::string state_json(State& st) {
  std::lock_guard<std::mutex> lock(st.mutex);
  nlohmann::json j{{"generation", st.generation}, {"ok", st.ok}, {"error", st.error}};
  return j.dump();
}

const char* content_type(const std::string& path) {
  static const std::map<std::string, const char*> types = {
      {"html", "text/html; charset=utf-8"},  {"htm", "text/html; charset=utf-8"},
      {"css", "text/css; charset=utf-8"},     {"js", "text/javascript; charset=utf-8"},
      {"mjs", "text/javascript; charset=utf-8"}, {"json", "application/json"},
      {"xml", "application/xml; charset=utf-8"}, {"csv", "text/csv; charset=utf-8"},
      {"svg", "image/svg+xml"},               {"txt", "text/plain; charset=utf-8"},
      {"png", "image/png"},                   {"jpg", "image/jpeg"},
      {"jpeg", "image/jpeg"},                 {"gif", "image/gif"},
      {"webp", "image/webp"},                 {"ico", "image/x-icon"},
      {"woff2", "font/woff2"},                {"woff", "font/woff"},
      {"pdf", "application/pdf"},             {"zip", "application/zip"},
      {"webmanifest", "application/manifest+json"}, {"gz", "application/gzip"},
  };
  auto dot = path.rfind('.');
  if (dot == std::string::npos || path.find('/', dot) != std::string::npos) return "application/octet-stream";
  std::string ext = path.substr(dot + 1);
  for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto it = types.find(ext);
  return it == types.end() ? "application/octet-stream" : it->second;
}

/// The file under `root` that URL path `path` (already percent-decoded) names,
/// or an HTTP status: 403 for traversal, absolute paths and symbolic links,
/// 404 when absent, 301 for a folder without its trailing slash.
int resolve(const stdfs::path& root, const std::string& path, stdfs::path& file) {
  if (path.empty() || path[0] != '/') return 403;
  std::string rel = path.substr(1);
  std::size_t s = 0;
  while (s < rel.size()) {
    std::size_t e = rel.find('/', s);
    if (e == std::string::npos) e = rel.size();
    std::string_view seg(rel.data() + s, e - s);
    if (seg.empty() || seg == "." || seg == ".." || seg.find('\\') != std::string_view::npos ||
        seg.find('\0') != std::string_view::npos)
      return 403;
    s = e + 1;
  }
  stdfs::path p = root / rel;
  struct stat st;
  // no symbolic link anywhere below the root
  stdfs::path walk = root;
  for (const auto& part : stdfs::path(rel)) {
    walk /= part;
    if (::lstat(walk.c_str(), &st) != 0) return 404;
    if (S_ISLNK(st.st_mode)) return 403;
  }
  if (::lstat(p.c_str(), &st) != 0) return 404;
  if (S_ISDIR(st.st_mode)) {
    if (!rel.empty() && rel.back() != '/') return 301;
    p /= "index.html";
    if (::lstat(p.c_str(), &st) != 0) return 404;
    if (S_ISLNK(st.st_mode)) return 403;
  }
  if (!S_ISREG(st.st_mode)) return 404;
  // belt and braces: the real path stays inside the root
  char real[PATH_MAX], real_root[PATH_MAX];
  if (!::realpath(p.c_str(), real) || !::realpath(root.c_str(), real_root)) return 404;
  std::string r(real), rr(real_root);
  if (r.compare(0, rr.size(), rr) != 0 || (r.size() > rr.size() && r[rr.size()] != '/')) return 403;
  file = p;
  return 200;
}

std::string with_reload_script(std::string html) {
  static const std::string tag = "<script src=\"/__minhbach/reload.js\" defer></script>";
  auto at = html.find("</head>");
  if (at == std::string::npos) at = html.find("</body>");
  if (at == std::string::npos) html += tag;
  else html.insert(at, tag);
  return html;
}

/// Watches folders recursively with inotify; wait() returns when something
/// changed (after a short quiet period, so one save gives one build).
class Watcher {
 public:
  Watcher(std::vector<stdfs::path> dirs, stdfs::path config) : dirs_(std::move(dirs)), config_(std::move(config)) {
    fd_ = ::inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
    rescan();
  }
  ~Watcher() {
    if (fd_ >= 0) ::close(fd_);
  }
  bool ok() const { return fd_ >= 0; }

  /// Adds watches for folders created since the last call.
  void rescan() {
    if (fd_ < 0) return;
    const uint32_t mask = IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_ATTRIB |
                          IN_DELETE_SELF | IN_MOVE_SELF;
    ::inotify_add_watch(fd_, config_.parent_path().c_str(), IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE);
    for (const auto& d : dirs_) {
      std::error_code ec;
      if (!stdfs::is_directory(d, ec)) continue;
      ::inotify_add_watch(fd_, d.c_str(), mask);
      for (auto it = stdfs::recursive_directory_iterator(d, ec); !ec && it != stdfs::recursive_directory_iterator();
           it.increment(ec))
        if (it->is_directory(ec) && !it->is_symlink(ec)) ::inotify_add_watch(fd_, it->path().c_str(), mask);
    }
  }

  /// Blocks until a change (true) or until `stop` is set (false).
  bool wait(const std::atomic<bool>& stop) {
    bool seen = false;
    while (!stop) {
      pollfd p{fd_, POLLIN, 0};
      int n = ::poll(&p, 1, seen ? 40 : 250);
      if (n > 0) {
        alignas(inotify_event) char buf[64 * 1024];
        ssize_t len;
        while ((len = ::read(fd_, buf, sizeof buf)) > 0) {
          for (char* q = buf; q < buf + len;) {
            auto* ev = reinterpret_cast<inotify_event*>(q);
            q += sizeof(inotify_event) + ev->len;
            std::string name = ev->len ? ev->name : "";
            bool in_root = ev->wd == 1;  // the site folder itself: only the config counts
            if (in_root && name != config_.filename().string()) continue;
            if (!name.empty() && (name[0] == '.' || name.back() == '~' || name.find(".swp") != std::string::npos))
              continue;  // editor scratch files
            seen = true;
          }
        }
        continue;
      }
      if (seen) return true;  // quiet for a moment after the last event
    }
    return false;
  }

 private:
  int fd_ = -1;
  std::vector<stdfs::path> dirs_;
  stdfs::path config_;
};

}  // namespace

int cmd_serve(const Args& args) {
  const Command* cmd = nullptr;
  for (const auto& c : commands())
    if (std::string(c.name) == "serve") cmd = &c;
  std::string site_dir = ".", port_s = "1313", bind = "127.0.0.1", jobs_s;
  bool drafts = false, quiet = false;
  OptionParser parser(*cmd, args);
  parser.value("site", &site_dir).value("port", &port_s).value("bind", &bind).value("jobs", &jobs_s)
      .flag("drafts", &drafts).flag("quiet", &quiet);
  if (int rc = parser.parse(); rc >= 0) return rc;
  int port = 0;
  try {
    std::size_t used = 0;
    port = std::stoi(port_s, &used);
    if (used != port_s.size() || port < 0 || port > 65535) throw std::out_of_range("port");
  } catch (...) {
    return usage_error(*cmd, "--port needs a number from 0 to 65535 (0: any free port)");
  }
  unsigned jobs = 0;
  if (!jobs_s.empty()) {
    try {
      jobs = static_cast<unsigned>(std::stoul(jobs_s));
    } catch (...) {
      return usage_error(*cmd, "--jobs needs a whole number from 1 to 1024");
    }
  }
  if (bind != "127.0.0.1" && bind != "localhost" && bind != "::1")
    std::cerr << "minhbach serve: warning: listening on " << bind
              << ", not only this machine (the preview is meant for loopback)\n";

  // signals: handled by one thread with sigwait, so the server can stop cleanly
  sigset_t sigs;
  sigemptyset(&sigs);
  sigaddset(&sigs, SIGINT);
  sigaddset(&sigs, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &sigs, nullptr);

  char tmpl[] = "/tmp/minhbach-serve-XXXXXX";
  if (!::mkdtemp(tmpl)) {
    std::cerr << "minhbach serve: cannot create a private build folder: " << std::strerror(errno) << '\n';
    return kInputError;
  }
  const stdfs::path work = tmpl, out = work / "public";

  httplib::Server server;
  int bound = port == 0 ? server.bind_to_any_port(bind) : (server.bind_to_port(bind, port) ? port : -1);
  if (bound < 0) {
    std::cerr << "minhbach serve: cannot listen on " << bind << ":" << port << '\n';
    std::error_code ec;
    stdfs::remove_all(work, ec);
    return kInputError;
  }
  std::string host = bind.find(':') != std::string::npos ? "[" + bind + "]" : bind;
  std::string base_url = "http://" + host + ":" + std::to_string(bound) + "/";

  State state;
  std::mutex build_mutex;
  const bool tty = progress_wanted() && !quiet;
  content::ContentCache content_cache;  // pages whose bytes did not change are not parsed again
  // HTML pages served lately (output paths, newest first): a rebuild renders
  // them first and reloads the tabs while it renders and writes the rest;
  // until it is done they are served from `fresh`.
  std::mutex pages_mutex;
  std::vector<std::string> recent;
  std::map<std::string, std::string> fresh;
  auto seen = [&](const std::string& rel) {
    std::lock_guard<std::mutex> lock(pages_mutex);
    recent.erase(std::remove(recent.begin(), recent.end(), rel), recent.end());
    recent.insert(recent.begin(), rel);
    if (recent.size() > 8) recent.pop_back();
  };
  auto build = [&] {
    std::lock_guard<std::mutex> lock(build_mutex);
    site::BuildOptions o;
    o.content_cache = &content_cache;
    o.stamp = false;
    o.site_dir = site_dir;
    o.out_dir = out.string();
    o.base_url = base_url;
    o.drafts = drafts;
    o.jobs = jobs;
    o.force = true;  // our own private folder
    ProgressLine progress;
    if (tty) o.progress = progress.callback();
    Diagnostics diags;
    site::BuildReport report;
    auto t0 = std::chrono::steady_clock::now();
    auto elapsed = [&] {
      return static_cast<long>(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    };
    bool announced = false;  // the tabs were told to reload before the build ended
    {
      std::lock_guard<std::mutex> pl(pages_mutex);
      o.first = recent;
    }
    o.on_first = [&](std::map<std::string, std::string> rendered) {
      if (rendered.empty()) return;
      std::size_t n = rendered.size();
      {
        std::lock_guard<std::mutex> pl(pages_mutex);
        fresh = std::move(rendered);
      }
      {
        std::lock_guard<std::mutex> sl(state.mutex);
        ++state.generation;
        state.ok = true;
        state.error.clear();
      }
      state.changed.notify_all();
      announced = true;
      if (!quiet) {
        progress.clear();
        std::cout << "rendered " << n << " open page" << (n == 1 ? "" : "s") << " in " << elapsed() << " ms"
                  << std::endl;
      }
    };
    bool ok = site::build_site(o, report, diags) && !diags.has_errors();
    long ms = elapsed();
    progress.clear();
    std::ostringstream text;
    diags.print(text, false);
    {
      std::lock_guard<std::mutex> pl(pages_mutex);
      fresh.clear();  // the output folder has them now (or, on failure, the last good build is served)
    }
    if (!ok || !announced) {
      {
        std::lock_guard<std::mutex> sl(state.mutex);
        ++state.generation;
        state.ok = ok;
        state.error = ok ? "" : text.str();
      }
      state.changed.notify_all();
    }
    if (!ok) {
      std::cerr << text.str() << "minhbach serve: build failed; still serving the last good build\n";
    } else if (!quiet) {
      std::cout << "built " << report.pages << " pages in " << ms << " ms ("
                << report.stats.written << " written, " << report.stats.unchanged << " unchanged; "
                << content_cache.hits << " pages parsed before, " << content_cache.misses << " parsed now;";
      for (const auto& st : report.steps) std::cout << ' ' << st.name << ' ' << static_cast<long>(st.ms) << " ms";
      std::cout << ")" << std::endl;
    }
  };

  build();
  std::cout << "serving " << base_url << " (building into " << out.string() << ")" << std::endl;

  server.set_keep_alive_max_count(100);
  server.set_payload_max_length(1 << 20);
  server.Get("/__minhbach/reload.js", [](const httplib::Request&, httplib::Response& res) {
    res.set_header("Cache-Control", "no-store");
    res.set_content(kReloadJs, "text/javascript; charset=utf-8");
  });
  server.Get("/__minhbach/state", [&](const httplib::Request&, httplib::Response& res) {
    res.set_header("Cache-Control", "no-store");
    res.set_content(state_json(state), "application/json");
  });
  server.Get("/__minhbach/events", [&](const httplib::Request&, httplib::Response& res) {
    res.set_header("Cache-Control", "no-store");
    auto sent = std::make_shared<long>(-1);
    res.set_chunked_content_provider("text/event-stream", [&state, sent](std::size_t, httplib::DataSink& sink) {
      std::unique_lock<std::mutex> lock(state.mutex);
      state.changed.wait_for(lock, std::chrono::seconds(15),
                             [&] { return state.stopping || state.generation != *sent; });
      if (state.stopping) {
        sink.done();
        return false;
      }
      std::string msg;
      if (state.generation != *sent) {
        *sent = state.generation;
        nlohmann::json j{{"generation", state.generation}, {"ok", state.ok}, {"error", state.error}};
        msg = "event: state\ndata: " + j.dump() + "\n\n";
      } else {
        msg = ": keep-alive\n\n";
      }
      lock.unlock();
      return sink.write(msg.data(), msg.size());
    });
  });
  server.Get(".*", [&](const httplib::Request& req, httplib::Response& res) {
    res.set_header("Cache-Control", "no-store");
    res.set_header("X-Content-Type-Options", "nosniff");
    stdfs::path file;
    int status = resolve(out, req.path, file);
    if (status == 301) {
      res.status = 301;
      res.set_header("Location", req.path + "/");
      return;
    }
    if (status == 404 && resolve(out, "/404.html", file) == 200) {
      std::string body;
      fs::read_file(file, body);
      res.status = 404;
      res.set_content(with_reload_script(std::move(body)), "text/html; charset=utf-8");
      return;
    }
    if (status != 200) {
      res.status = status;
      res.set_content(status == 403 ? "403 forbidden\n" : "404 not found\n", "text/plain; charset=utf-8");
      return;
    }
    const char* type = content_type(file.string());
    const bool html = std::string_view(type).rfind("text/html", 0) == 0;
    std::string body;
    if (html) {
      std::string rel = file.lexically_relative(out).generic_string();
      seen(rel);
      std::lock_guard<std::mutex> pl(pages_mutex);
      if (auto it = fresh.find(rel); it != fresh.end()) body = it->second;
    }
    if (body.empty() && !fs::read_file(file, body)) {
      res.status = 404;
      return;
    }
    if (html) body = with_reload_script(std::move(body));
    res.set_content(std::move(body), type);
  });

  std::atomic<bool> stop{false};
  std::thread signals([&] {
    int sig = 0;
    sigwait(&sigs, &sig);
    stop = true;
    {
      std::lock_guard<std::mutex> lock(state.mutex);
      state.stopping = true;
    }
    state.changed.notify_all();
    server.stop();
  });

  stdfs::path root = stdfs::absolute(site_dir);
  std::vector<stdfs::path> watched;
  {
    Diagnostics ignore;
    config::SiteConfig cfg;
    if (config::load_config(root, cfg, ignore))
      for (const auto& d : {cfg.content_dir, cfg.data_dir, cfg.themes_dir, cfg.layouts_dir, cfg.static_dir,
                            std::string("i18n")})
        watched.push_back(root / d);
    else
      for (const char* d : {"content", "data", "themes", "layouts", "static", "i18n"}) watched.push_back(root / d);
  }
  std::thread watcher([&] {
    Watcher w(watched, root / "site.yaml");
    if (!w.ok()) {
      std::cerr << "minhbach serve: warning: cannot watch the site for changes (inotify): rebuild by restarting\n";
      return;
    }
    while (w.wait(stop)) {
      build();
      w.rescan();
    }
  });

  server.listen_after_bind();
  stop = true;
  {
    std::lock_guard<std::mutex> lock(state.mutex);
    state.stopping = true;
  }
  state.changed.notify_all();
  watcher.join();
  // the signal thread waits in sigwait: wake it if the server stopped by itself
  pthread_kill(signals.native_handle(), SIGTERM);
  signals.join();
  std::error_code ec;
  stdfs::remove_all(work, ec);
  return kOk;
}

}  // namespace mb::cli
