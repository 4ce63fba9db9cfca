# Warnings and sanitizers apply to project code only, through this interface target.
add_library(pp_options INTERFACE)
target_compile_options(pp_options INTERFACE -Wall -Wextra -Werror -Wno-missing-field-initializers -Wno-psabi)
target_include_directories(pp_options INTERFACE ${PROJECT_SOURCE_DIR}/include)
# GCC 12 at -O3 reports impossible overlaps in std::string concatenation ("accessing
# 9223372036854775810 or more bytes", GCC bug 105329, fixed in 13): off for GCC < 13 only.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  target_compile_options(pp_options INTERFACE -Wno-restrict)
endif()
if(PP_SANITIZE)
  target_compile_options(pp_options INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer
                                              -fno-sanitize-recover=all)
  target_link_options(pp_options INTERFACE -fsanitize=address,undefined)
endif()
if(PP_FUZZ)
  target_compile_options(pp_options INTERFACE -fsanitize=fuzzer-no-link,address,undefined)
  target_link_options(pp_options INTERFACE -fsanitize=address,undefined)
endif()

# pp_unoptimised_under_sanitizers(target): the sanitizer build compiles at -O0 the code whose
# run time is waiting (sockets, the database) or driving other code (tests, the CLI's
# commands); the computing modules (crypto, order, auction, executor) stay at -O1. -O0 halves
# the compile time of these template-heavy files (Beast, gtest, nlohmann::json, CLI11): the
# largest part of CI's budget. Release builds are untouched.
function(pp_unoptimised_under_sanitizers target)
  if(PP_SANITIZE)
    target_compile_options(${target} PRIVATE -O0)
  endif()
endfunction()

# pp_unity(target): with PP_UNITY, compiles the target's sources in batches of 8 as one
# translation unit each. Every file of these targets parses and instantiates the same large
# headers (Beast, pqxx, gtest, nlohmann::json, CLI11) and emits their inline functions again;
# batching does that once per 8 files, about a third of CI's compile time. The computing
# modules (crypto, order, auction) keep one file per unit: their headers are small, and what
# the constant-time checks measure is compiled as written.
function(pp_unity target)
  if(PP_UNITY)
    set_target_properties(${target} PROPERTIES UNITY_BUILD ON UNITY_BUILD_BATCH_SIZE 8)
    # GCC takes a file's anonymous-namespace types used by its own classes for a header's
    # (a batch includes the .cc files): the warning is meant for headers, not for this.
    if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
      target_compile_options(${target} PRIVATE -Wno-subobject-linkage)
    endif()
  endif()
endfunction()

# pp_module(name SOURCES ... DEPS ...): one library per module, depending downward only.
function(pp_module name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(pp_${name} STATIC ${ARG_SOURCES})
  target_link_libraries(pp_${name} PUBLIC pp_options ${ARG_DEPS})
  add_library(phantompool::${name} ALIAS pp_${name})
endfunction()

# pp_test(name SOURCES ... DEPS ... [LABELS ...] [TEST_PREFIX p]): one gtest binary registered
# with ctest; TEST_PREFIX is put in front of every discovered test name (ctest -R selects by it).
# OPTIMISED keeps a test at the build's level under sanitizers too, for tests whose own code
# does the heavy work (the auction's parser checked against nlohmann::json on large inputs).
function(pp_test name)
  cmake_parse_arguments(ARG "OPTIMISED" "TIMEOUT;TEST_PREFIX" "SOURCES;DEPS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE pp_options ${ARG_DEPS} GTest::gtest GTest::gtest_main)
  target_compile_definitions(${name} PRIVATE PP_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  if(NOT ARG_OPTIMISED)
    pp_unoptimised_under_sanitizers(${name})
  endif()
  pp_unity(${name})
  include(GoogleTest)
  gtest_discover_tests(${name} TEST_PREFIX "${ARG_TEST_PREFIX}" DISCOVERY_TIMEOUT 60
                       PROPERTIES LABELS "${ARG_LABELS}")
endfunction()
