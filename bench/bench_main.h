// The main of the Google Benchmark programs: the storyline binary's process settings
// (storyline::tune_allocator), then the benchmarks, so they measure what the binary runs.
#pragma once

#include <benchmark/benchmark.h>

#include "model/model.h"

#define STORYLINE_BENCHMARK_MAIN()                                  \
  int main(int argc, char** argv) {                                 \
    storyline::tune_allocator();                                    \
    benchmark::Initialize(&argc, argv);                             \
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1; \
    benchmark::RunSpecifiedBenchmarks();                            \
    benchmark::Shutdown();                                          \
    return 0;                                                       \
  }
