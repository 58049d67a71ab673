// What the whole-run benchmarks report about memory.
#pragma once

#include <unistd.h>

#include <fstream>

namespace storyline::bench {

// The process's resident memory now, in MiB (/proc/self/statm).
inline double rss_mib() {
  std::ifstream f("/proc/self/statm");
  long pages = 0, resident = 0;
  f >> pages >> resident;
  return static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0);
}

}  // namespace storyline::bench
