#include <gtest/gtest.h>

#include <fstream>

#include "fetch/fetch.h"

using namespace storyline;

TEST(AddressGuard, JudgesEveryAddressInTheTable) {
  std::ifstream in(std::string(STORYLINE_SOURCE_DIR) + "/tests/fetch/data/addresses.tsv");
  ASSERT_TRUE(in) << "tests/fetch/data/addresses.tsv is missing";
  std::string line;
  int cases = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const auto tab = line.find('\t');
    ASSERT_NE(tab, std::string::npos) << line;
    const std::string address = line.substr(0, tab), expected = line.substr(tab + 1);
    EXPECT_EQ(fetch::forbidden_address_reason(address), expected == "-" ? "" : expected) << "'" << address << "'";
    ++cases;
  }
  EXPECT_GE(cases, 50);
}

TEST(AddressGuard, ResolvesThenRefusesPrivateAddressesWithAClearMessage) {
  const fetch::Resolution loop = fetch::resolve_checked("127.0.0.1", 80, false);
  EXPECT_TRUE(loop.addresses.empty());
  EXPECT_EQ(loop.kind, fetch::ErrorKind::refused_address);
  EXPECT_EQ(loop.error, "refused: 127.0.0.1 is a loopback address; use --allow-private to allow");

  const fetch::Resolution meta = fetch::resolve_checked("169.254.169.254", 80, false);
  EXPECT_EQ(meta.error,
            "refused: 169.254.169.254 is a link-local address (cloud metadata); use --allow-private to allow");

  const fetch::Resolution named = fetch::resolve_checked("localhost", 80, false);
  EXPECT_TRUE(named.addresses.empty());
  EXPECT_EQ(named.error.rfind("refused: localhost resolves to ", 0), 0u) << named.error;

  const fetch::Resolution allowed = fetch::resolve_checked("localhost", 80, true);
  ASSERT_FALSE(allowed.addresses.empty()) << allowed.error;
  for (const std::string& a : allowed.addresses) EXPECT_EQ(fetch::forbidden_address_reason(a), "a loopback address");
}

TEST(AddressGuard, AnUnresolvableHostIsADnsError) {
  // .invalid never resolves (RFC 2606), so this needs no network.
  const fetch::Resolution r = fetch::resolve_checked("no-such-host.invalid", 80, false);
  EXPECT_EQ(r.kind, fetch::ErrorKind::dns);
  EXPECT_EQ(r.error.rfind("cannot resolve no-such-host.invalid", 0), 0u) << r.error;
}
