// A one-line progress bar on stderr, drawn only when stderr is a terminal.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

namespace storyline::cli {

class Progress {
 public:
  Progress(std::string label, std::size_t total);
  ~Progress();
  void update(std::size_t done);
  void finish();

 private:
  std::string label_;
  std::size_t total_;
  bool enabled_;
  bool finished_ = false;
  std::chrono::steady_clock::time_point start_, last_;
};

}  // namespace storyline::cli
