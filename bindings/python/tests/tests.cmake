# pytest tests of the Python package, run by Debian's interpreter against the build tree's
# package. One more test installs the package into a fresh venv with pip, as a user would.
set(EXPORTCTL_PY_TEST_ENV
  "PYTHONPATH=${CMAKE_CURRENT_BINARY_DIR}"
  "EXPORTCTL_SOURCE_DIR=${PROJECT_SOURCE_DIR}"
  "EXPORTCTL_CLI=$<TARGET_FILE:exportctl_cli>"
  "MPLBACKEND=Agg")
add_test(NAME python.pytest
  COMMAND ${EXPORTCTL_PYTHON_EXECUTABLE} -m pytest -q -p no:cacheprovider
          ${CMAKE_CURRENT_SOURCE_DIR}/tests -m "not install"
  WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
set_tests_properties(python.pytest PROPERTIES ENVIRONMENT "${EXPORTCTL_PY_TEST_ENV}" TIMEOUT 600)
add_test(NAME python.pip_install
  COMMAND ${EXPORTCTL_PYTHON_EXECUTABLE} -m pytest -q -p no:cacheprovider
          ${CMAKE_CURRENT_SOURCE_DIR}/tests/test_install.py -m install
  WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
set_tests_properties(python.pip_install PROPERTIES
  ENVIRONMENT "EXPORTCTL_SOURCE_DIR=${PROJECT_SOURCE_DIR};EXPORTCTL_PYTHON=${EXPORTCTL_PYTHON_EXECUTABLE}"
  TIMEOUT 1800 RUN_SERIAL TRUE)
# The README's Python `Ledger` snippet, run as printed (tests/ledger/doc_snippets.py).
add_test(NAME python.ledger_snippet
  COMMAND ${EXPORTCTL_PYTHON_EXECUTABLE} ${PROJECT_SOURCE_DIR}/tests/ledger/doc_snippets.py
          $<TARGET_FILE:exportctl_cli> ${CMAKE_CURRENT_BINARY_DIR}
          ${CMAKE_CURRENT_BINARY_DIR}/ledger-snippet)
