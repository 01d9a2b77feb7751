#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "opendata/hash.hpp"

using namespace mb::opendata;

TEST_CASE("sha256_hex matches the FIPS 180-2 test vectors", "[opendata][hash]") {
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(sha256_hex(std::string(1000000, 'a')) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  CHECK(is_sha256_hex(sha256_hex("x")));
  CHECK_FALSE(is_sha256_hex("ABC"));
}

TEST_CASE("sha256_file reads in blocks", "[opendata][hash]") {
  auto dir = std::filesystem::temp_directory_path() / "mb-hash-test";
  std::filesystem::create_directories(dir);
  auto path = dir / "big.bin";
  {
    std::ofstream out(path, std::ios::binary);
    out << std::string(200000, 'a');
  }
  CHECK(sha256_file(path) == sha256_hex(std::string(200000, 'a')));
  std::string error;
  CHECK_FALSE(sha256_file(dir / "missing", &error));
  CHECK(error.find("cannot open") == 0);
  std::filesystem::remove_all(dir);
}

TEST_CASE("write_sha256sums writes sorted sha256sum lines", "[opendata][hash]") {
  std::string h1 = sha256_hex("1"), h2 = sha256_hex("2"), h3 = sha256_hex("3");
  CHECK(write_sha256sums({{"feed.xml", h1}, {"du-lieu/b.csv", h2}, {"du-lieu/a b.json", h3}}) ==
        h3 + "  du-lieu/a b.json\n" + h2 + "  du-lieu/b.csv\n" + h1 + "  feed.xml\n");
  // GNU escaping for backslash and newline
  CHECK(write_sha256sums({{"a\\b\nc", h1}}) == "\\" + h1 + "  a\\\\b\\nc\n");
  CHECK(write_sha256sums({}).empty());
  CHECK_THROWS_AS(write_sha256sums({{"x", "nothex"}}), std::invalid_argument);
  CHECK_THROWS_AS(write_sha256sums({{"", h1}}), std::invalid_argument);
}

TEST_CASE("SHA256SUMS verifies with sha256sum -c", "[opendata][hash][tool]") {
  if (std::system("command -v sha256sum >/dev/null 2>&1") != 0) {
    WARN("sha256sum not found; skipped");
    return;
  }
  auto dir = std::filesystem::temp_directory_path() / "mb-sha256sums-test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir / "du-lieu");
  std::map<std::string, std::string> sums;
  for (const auto& [path, data] : std::map<std::string, std::string>{
           {"feed.xml", "<rss/>"}, {"du-lieu/xếp hạng.csv", "a,b\r\n"}, {"du-lieu/x.json", "[]"}}) {
    std::ofstream(dir / std::filesystem::u8path(path), std::ios::binary) << data;
    sums[path] = sha256_hex(data);
  }
  std::ofstream(dir / "SHA256SUMS", std::ios::binary) << write_sha256sums(sums);
  std::string cmd = "cd '" + dir.string() + "' && sha256sum --quiet --strict -c SHA256SUMS";
  CHECK(std::system(cmd.c_str()) == 0);
  std::ofstream(dir / "feed.xml", std::ios::binary) << "<rss>tampered</rss>";
  CHECK(std::system((cmd + " >/dev/null 2>&1").c_str()) != 0);
  std::filesystem::remove_all(dir);
}
