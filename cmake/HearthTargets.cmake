# Helpers shared by every folder: warnings, sanitizers, and one static library per folder.

set(HEARTH_ARCH_X86 OFF)
set(HEARTH_ARCH_ARM64 OFF)
if(CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64)$")
  set(HEARTH_ARCH_X86 ON)
elseif(CMAKE_SYSTEM_PROCESSOR MATCHES "^(aarch64|arm64|ARM64)$")
  set(HEARTH_ARCH_ARM64 ON)
endif()

# Flags for our own code (not for third-party code).
function(hearth_set_warnings target)
  # -ffp-contract=off: no silent a*b+c fusion, so scalar references round the same way on
  # every compiler and ISA (SIMD kernels use explicit FMA intrinsics where they want them).
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wno-unused-parameter -ffp-contract=off)
  if(HEARTH_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

if(HEARTH_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

# hearth_library(NAME [DEPS dep...] [SUBDIRS dir...]): a static library `hearth_NAME` from the
# *.cc files of the current folder (and the given subfolders). Include paths are rooted at src/.
function(hearth_library name)
  cmake_parse_arguments(ARG "" "" "DEPS;SUBDIRS" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cc)
  foreach(dir IN LISTS ARG_SUBDIRS)
    file(GLOB more CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/${dir}/*.cc)
    list(APPEND sources ${more})
  endforeach()
  if(NOT sources)
    message(FATAL_ERROR "hearth_library(${name}): no sources in ${CMAKE_CURRENT_SOURCE_DIR}")
  endif()
  add_library(hearth_${name} STATIC ${sources})
  target_include_directories(hearth_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(hearth_${name} PUBLIC ${ARG_DEPS})
  hearth_set_warnings(hearth_${name})
  set_property(GLOBAL APPEND PROPERTY HEARTH_LIBRARIES hearth_${name})
endfunction()
