# Tools beside the benchmarks. make_random_model writes realistic-size random-weight GGUF models
# (any architecture shape, any quantization recipe) for speed work.
find_package(CLI11 CONFIG REQUIRED)
set(HEARTH_SHARED_DIR "${PROJECT_SOURCE_DIR}/../shared" CACHE PATH "Models and reference data")
add_executable(make_random_model ${CMAKE_CURRENT_LIST_DIR}/make_random_model.cc)
target_link_libraries(make_random_model PRIVATE hearth_gguf hearth_tensor hearth_base CLI11::CLI11)
target_compile_definitions(make_random_model PRIVATE HEARTH_SHARED_DIR="${HEARTH_SHARED_DIR}")
hearth_set_warnings(make_random_model)

# forward_timing: prompt-processing and generation speed of a model file (tokens/s, GB/s).
add_executable(forward_timing ${CMAKE_CURRENT_LIST_DIR}/forward_timing.cc)
get_property(hearth_libraries GLOBAL PROPERTY HEARTH_LIBRARIES)
target_link_libraries(forward_timing PRIVATE ${hearth_libraries} CLI11::CLI11)
hearth_set_warnings(forward_timing)
