# GoogleTest for cross builds (aarch64 under qemu): the host's libgtest is built for the host
# architecture, so compile googletest from the sources Debian's libgtest-dev ships. Provides the
# same GTest::gtest target as find_package(GTest).
set(HEARTH_GTEST_SOURCE_DIR /usr/src/googletest/googletest CACHE PATH "googletest sources")
if(NOT EXISTS ${HEARTH_GTEST_SOURCE_DIR}/src/gtest-all.cc)
  message(FATAL_ERROR "Cross build: GoogleTest sources not found in ${HEARTH_GTEST_SOURCE_DIR} "
                      "(install libgtest-dev, or set HEARTH_GTEST_SOURCE_DIR)")
endif()

# gtest-all.cc includes every other source file; src/ needs the root as an include path.
add_library(hearth_cross_gtest STATIC ${HEARTH_GTEST_SOURCE_DIR}/src/gtest-all.cc)
target_include_directories(hearth_cross_gtest SYSTEM PUBLIC ${HEARTH_GTEST_SOURCE_DIR}/include)
target_include_directories(hearth_cross_gtest PRIVATE ${HEARTH_GTEST_SOURCE_DIR})
target_link_libraries(hearth_cross_gtest PUBLIC Threads::Threads)
add_library(GTest::gtest ALIAS hearth_cross_gtest)

# List the tests when ctest runs rather than after every link: listing needs qemu, and
# scripts/test-arm.sh runs the binaries directly anyway.
set(CMAKE_GTEST_DISCOVER_TESTS_DISCOVERY_MODE PRE_TEST)
