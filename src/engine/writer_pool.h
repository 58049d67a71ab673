// writer_pool: a few threads that run independent jobs while the caller waits (the engine
// writes its stories' texts on them). Jobs are spread over the threads; run() returns once
// every job has finished.
//
// Use: WriterPool pool(2); pool.run(jobs.size(), [&](std::size_t i) { ... jobs[i] ... });
// With 0 threads, run() calls the jobs on the caller's thread, in order (a job that throws
// ends the run there). run() is not re-entrant and is called from one thread at a time.
// The threads block the signals a program waits for (SIGINT, SIGTERM, ...), so that those
// reach the program's own threads.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>

namespace storyline::engine {

class WriterPool {
 public:
  explicit WriterPool(std::size_t threads);
  ~WriterPool();  // joins the threads
  WriterPool(const WriterPool&) = delete;
  WriterPool& operator=(const WriterPool&) = delete;

  // Calls job(i) once for every i < count, on the pool's threads, and returns when all
  // have returned. The first exception a job threw is rethrown here, after the others
  // finished.
  void run(std::size_t count, const std::function<void(std::size_t)>& job);
  std::size_t threads() const;

  // Threads for this machine: one per core this process may run on (its CPU affinity), at
  // most 8; 0 on a single core.
  static std::size_t default_threads();

 private:
  void stop();
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace storyline::engine
