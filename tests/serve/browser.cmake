# The review page in a real browser (tests/serve/browser_test.py): headless Chromium through
# Debian's chromedriver and python3-selenium, so it runs with Debian's /usr/bin/python3 (the one
# that has python3-selenium), not ${Python3_EXECUTABLE}. It fails, never skips, when the browser
# cannot start. Included by tests/serve/serve.cmake; run serially, as Chromium is heavy on the
# two cores of CI.
add_test(NAME serve.browser
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_LIST_DIR}/browser_test.py
                 $<TARGET_FILE:exportctl_cli>
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(serve.browser PROPERTIES TIMEOUT 180 RUN_SERIAL TRUE)
