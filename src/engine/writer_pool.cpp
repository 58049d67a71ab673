#include "engine/writer_pool.h"

#include <pthread.h>
#include <sched.h>
#include <signal.h>

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace storyline::engine {

struct WriterPool::State {
  std::mutex m;
  std::condition_variable work;  // a run began, or the pool stops
  std::condition_variable done;  // the last job of a run finished
  const std::function<void(std::size_t)>* job = nullptr;
  std::size_t count = 0, next = 0, finished = 0;
  std::exception_ptr error;
  bool stopping = false;
  std::vector<std::thread> threads;

  void loop() {
    std::unique_lock lock(m);
    for (;;) {
      work.wait(lock, [&] { return stopping || next < count; });
      if (stopping) return;
      while (next < count) {
        const std::size_t i = next++;
        const auto* fn = job;
        lock.unlock();
        std::exception_ptr failed;
        try {
          (*fn)(i);
        } catch (...) {
          failed = std::current_exception();
        }
        lock.lock();
        if (failed && !error) error = failed;
        if (++finished == count) done.notify_all();
      }
    }
  }
};

namespace {
// The pool's threads take no process-directed signal meant for the program (Ctrl-C,
// SIGTERM, ...): a program that waits for them with sigwait(), as `storyline run` does, must
// not have one delivered to a writer instead (its default action would end the process in
// the middle of a batch). Faults (SIGSEGV, ...) are not blocked.
void block_process_signals() {
  sigset_t set;
  sigemptyset(&set);
  for (const int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGCHLD})
    sigaddset(&set, sig);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}
}  // namespace

WriterPool::WriterPool(std::size_t threads) : state_(std::make_unique<State>()) {
  try {
    for (std::size_t i = 0; i < threads; ++i)
      state_->threads.emplace_back([s = state_.get()] {
        block_process_signals();
        s->loop();
      });
  } catch (...) {
    stop();  // the threads already started (a thread could not be created)
    throw;
  }
}

WriterPool::~WriterPool() { stop(); }

void WriterPool::stop() {
  {
    std::lock_guard lock(state_->m);
    state_->stopping = true;
  }
  state_->work.notify_all();
  for (std::thread& t : state_->threads)
    if (t.joinable()) t.join();
}

std::size_t WriterPool::default_threads() {
  std::size_t cpus = 1;
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0) cpus = static_cast<std::size_t>(CPU_COUNT(&set));
  else cpus = std::max(1u, std::thread::hardware_concurrency());
  // One core: the caller writes (a thread would only add a hand-off); at most 8 (each
  // thread keeps its own caches of stems and word forms).
  return cpus <= 1 ? 0 : std::min<std::size_t>(cpus, 8);
}

std::size_t WriterPool::threads() const { return state_->threads.size(); }

void WriterPool::run(std::size_t count, const std::function<void(std::size_t)>& job) {
  if (count == 0) return;
  State& s = *state_;
  if (s.threads.empty()) {
    for (std::size_t i = 0; i < count; ++i) job(i);
    return;
  }
  std::unique_lock lock(s.m);
  s.job = &job;
  s.count = count;
  s.next = s.finished = 0;
  s.error = nullptr;
  s.work.notify_all();
  s.done.wait(lock, [&] { return s.finished == s.count; });
  s.job = nullptr;
  s.count = s.next = s.finished = 0;
  if (s.error) std::rethrow_exception(std::exchange(s.error, nullptr));
}

}  // namespace storyline::engine
