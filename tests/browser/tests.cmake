# Browser-side checks of the built example site, in Debian's Chromium, with
# axe-core and the Nu Html Checker (tests/browser/README.md). Included by
# tests/CMakeLists.txt.
#
# site-build builds the example site (the repository root) into
# <build>/tests/site-public; the site-* tests check that folder; screenshots
# go to <build>/tests/browser/screenshots/ and the page-weight report to
# <build>/tests/browser/page-weight.json.
#
# Exit 77 = skipped: the tools are not installed (scripts/install-browser-deps)
# and $CI is not set, or the repository has no example site (site.yaml) yet.
# With CI set, a missing tool fails the test.

set(mb_browser_dir ${CMAKE_CURRENT_LIST_DIR})
set(mb_site_checks bash ${mb_browser_dir}/run-site-checks.sh
    $<TARGET_FILE:minhbach> ${PROJECT_SOURCE_DIR} ${CMAKE_CURRENT_BINARY_DIR})

add_test(NAME site-build COMMAND ${mb_site_checks} build)
set_tests_properties(site-build PROPERTIES
  FIXTURES_SETUP mb_site_public SKIP_RETURN_CODE 77 TIMEOUT 600 LABELS "site")

add_test(NAME site-vnu COMMAND ${mb_site_checks} vnu)
add_test(NAME site-browser-pages COMMAND ${mb_site_checks} pages)
add_test(NAME site-page-weight COMMAND ${mb_site_checks} weight)
set_tests_properties(site-vnu site-browser-pages site-page-weight PROPERTIES
  FIXTURES_REQUIRED mb_site_public SKIP_RETURN_CODE 77 TIMEOUT 900 LABELS "site;browser")

# The harness against its own fixture, and against broken copies of it.
add_test(NAME browser-harness-selftest
  COMMAND bash ${mb_browser_dir}/selftest.sh ${CMAKE_CURRENT_BINARY_DIR}/browser/selftest)
set_tests_properties(browser-harness-selftest PROPERTIES
  SKIP_RETURN_CODE 77 TIMEOUT 600 LABELS "browser")
