# SPDX-License-Identifier: MIT
# Small build helpers shared by every folder (STYLE.md §6.9): toolchain speed-ups, the LibTorch ABI
# check, one shared LibTorch precompiled header, and test registration.
include_guard(GLOBAL)

macro(recscope_setup_toolchain)
    find_program(RECSCOPE_CCACHE ccache)
    if(RECSCOPE_CCACHE)
        set(CMAKE_CXX_COMPILER_LAUNCHER ${RECSCOPE_CCACHE})
        set(CMAKE_CUDA_COMPILER_LAUNCHER ${RECSCOPE_CCACHE})
    endif()
    # Linking LibTorch binaries takes memory: one link at a time on small machines.
    set_property(GLOBAL APPEND PROPERTY JOB_POOLS link=1)
    set(CMAKE_JOB_POOL_LINK link)
    find_program(RECSCOPE_LLD ld.lld)
    if(RECSCOPE_LLD)
        add_link_options(-fuse-ld=lld)
    endif()
    if(RECSCOPE_UNITY)
        set(CMAKE_UNITY_BUILD ON)
        set(CMAKE_UNITY_BUILD_BATCH_SIZE 4)
    endif()
endmacro()

# Older pip LibTorch builds used the pre-C++11 std::string ABI, which cannot link with Debian's Qt.
function(recscope_check_torch_abi)
    if(TORCH_CXX_FLAGS MATCHES "_GLIBCXX_USE_CXX11_ABI=0")
        message(FATAL_ERROR "LibTorch at ${TORCH_INSTALL_PREFIX} uses the pre-C++11 ABI "
                            "(_GLIBCXX_USE_CXX11_ABI=0); RecScope needs a CXX11-ABI build (torch >= 2.1 "
                            "from PyPI, or a cxx11-abi LibTorch archive).")
    endif()
endfunction()

# The shared LibTorch PCH: built once from an empty source, reused by core (and later plugins).
function(recscope_torch_pch_target)
    if(TARGET recscope_torch_pch)
        return()
    endif()
    add_library(recscope_torch_pch STATIC ${CMAKE_SOURCE_DIR}/core/pch/torch_pch.cpp)
    target_link_libraries(recscope_torch_pch PRIVATE torch)
    target_precompile_headers(recscope_torch_pch PRIVATE ${CMAKE_SOURCE_DIR}/core/pch/torch_pch.h)
    set_target_properties(recscope_torch_pch PROPERTIES UNITY_BUILD OFF)
endfunction()

function(recscope_use_torch_pch target)
    recscope_torch_pch_target()
    target_precompile_headers(${target} REUSE_FROM recscope_torch_pch)
endfunction()

# recscope_add_test(name SOURCES ... [LIBS ...] [LABELS ...] [TIMEOUT s] [GUI])
function(recscope_add_test name)
    cmake_parse_arguments(arg "GUI" "TIMEOUT" "SOURCES;LIBS;LABELS" ${ARGN})
    add_executable(${name} ${arg_SOURCES})
    target_link_libraries(${name} PRIVATE Qt6::Test recscope_test_support ${arg_LIBS})
    add_test(NAME ${name} COMMAND ${name})
    if(NOT arg_TIMEOUT)
        set(arg_TIMEOUT 300)
    endif()
    # Qt Test aborts a single test function after 5 min by default; CTest's TIMEOUT is the limit.
    math(EXPR functionMs "${arg_TIMEOUT} * 1000")
    set(env "RECSCOPE_TEST_DATA=${CMAKE_SOURCE_DIR}/tests/data" "QTEST_FUNCTION_TIMEOUT=${functionMs}")
    if(arg_GUI)
        list(APPEND env "QT_QPA_PLATFORM=offscreen")
    endif()
    set_tests_properties(${name} PROPERTIES TIMEOUT ${arg_TIMEOUT} LABELS "${arg_LABELS}"
                                            ENVIRONMENT "${env}")
endfunction()
