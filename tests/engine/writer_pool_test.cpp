#include "engine/writer_pool.h"

#include <gtest/gtest.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <stdexcept>
#include <thread>
#include <vector>

using storyline::engine::WriterPool;

// Every job runs once, on the pool's threads (not the caller's), and run() returns only
// after all of them finished; the pool serves one run after another.
TEST(ConcurrentWriterPool, RunsEveryJobOnceOnItsThreadsAndWaitsForAll) {
  WriterPool pool(3);
  EXPECT_EQ(pool.threads(), 3u);
  const auto caller = std::this_thread::get_id();
  for (int round = 0; round < 5; ++round) {
    std::vector<std::atomic<int>> calls(200);
    std::vector<int> result(200, 0);
    std::atomic<int> on_caller{0};
    pool.run(calls.size(), [&](std::size_t i) {
      calls[i].fetch_add(1);
      if (std::this_thread::get_id() == caller) on_caller.fetch_add(1);
      result[i] = static_cast<int>(i) * 2 + round;  // each job writes only its own slot
    });
    for (std::size_t i = 0; i < calls.size(); ++i) {
      EXPECT_EQ(calls[i].load(), 1) << "job " << i;
      EXPECT_EQ(result[i], static_cast<int>(i) * 2 + round) << "job " << i;
    }
    EXPECT_EQ(on_caller.load(), 0);
  }
  pool.run(0, [](std::size_t) { FAIL() << "no job to run"; });
}

// A job that throws: the others still run, and run() rethrows once they are done; the pool
// goes on working after it.
TEST(ConcurrentWriterPool, AFailedJobIsRethrownAfterTheOthersFinished) {
  WriterPool pool(2);
  std::atomic<int> done{0};
  EXPECT_THROW(pool.run(50,
                        [&](std::size_t i) {
                          if (i == 7) throw std::runtime_error("job 7 failed");
                          done.fetch_add(1);
                        }),
               std::runtime_error);
  EXPECT_EQ(done.load(), 49);
  done = 0;
  pool.run(10, [&](std::size_t) { done.fetch_add(1); });
  EXPECT_EQ(done.load(), 10);
}

// Without threads, the jobs run on the caller's thread, in order.
TEST(ConcurrentWriterPool, WithoutThreadsJobsRunOnTheCallerInOrder) {
  WriterPool pool(0);
  EXPECT_EQ(pool.threads(), 0u);
  std::vector<std::size_t> order;
  const auto caller = std::this_thread::get_id();
  pool.run(5, [&](std::size_t i) {
    EXPECT_EQ(std::this_thread::get_id(), caller);
    order.push_back(i);
  });
  EXPECT_EQ(order, (std::vector<std::size_t>{0, 1, 2, 3, 4}));
}

// The pool's threads block the signals a program waits for, so that a SIGTERM sent to the
// process reaches the program's own threads, never a writer.
TEST(ConcurrentWriterPool, ThreadsBlockTheSignalsAProgramWaitsFor) {
  WriterPool pool(2);
  std::vector<int> blocked(8, 0);
  pool.run(8, [&](std::size_t i) {
    sigset_t now;
    pthread_sigmask(SIG_BLOCK, nullptr, &now);
    blocked[i] = sigismember(&now, SIGTERM) == 1 && sigismember(&now, SIGINT) == 1 &&
                 sigismember(&now, SIGSEGV) == 0;
  });
  for (std::size_t i = 0; i < blocked.size(); ++i) EXPECT_EQ(blocked[i], 1) << "job " << i;
}

TEST(ConcurrentWriterPool, DefaultThreadsFollowTheCoresThisProcessMayUse) {
  cpu_set_t set;
  ASSERT_EQ(sched_getaffinity(0, sizeof set, &set), 0);
  const int cpus = CPU_COUNT(&set);
  const std::size_t expected = cpus <= 1 ? 0 : std::min<std::size_t>(static_cast<std::size_t>(cpus), 8);
  EXPECT_EQ(WriterPool::default_threads(), expected);
}
