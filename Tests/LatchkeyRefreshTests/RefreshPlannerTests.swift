import Foundation
import LatchkeyRefresh
import LatchkeyStore
import Testing

/// The refresh engine's states, walked with plain values: no network, no real time.
@Suite struct RefreshPlannerTests {
    let planner = RefreshPlanner(margin: 300)
    let now = Date(timeIntervalSince1970: 1_700_000_000)

    func decide(
        expiry: TimeInterval? = 3600, hasAccessToken: Bool = true, unhealthy: String? = nil, canRefresh: Bool = true,
        lease: RefreshLease? = nil, backoff: TimeInterval? = nil, force: Bool = false
    ) -> RefreshPlanner.Decision {
        planner.decide(
            expiry: expiry.map { now.addingTimeInterval($0) }, hasAccessToken: hasAccessToken, unhealthyCode: unhealthy, canRefresh: canRefresh,
            lease: lease, backoffUntil: backoff.map { now.addingTimeInterval($0) }, now: now, force: force)
    }

    @Test func aTokenValidBeyondTheMarginIsFresh() {
        #expect(decide(expiry: 301) == .fresh)
        #expect(decide(expiry: nil) == .fresh)
    }

    @Test func aTokenWithinTheMarginOrExpiredIsRefreshed() {
        #expect(decide(expiry: 299) == .refresh)
        #expect(decide(expiry: -10) == .refresh)
        #expect(decide(expiry: 3600, force: true) == .refresh)
    }

    @Test func aClientCredentialsConnectionWithoutATokenFetchesOne() {
        #expect(decide(expiry: nil, hasAccessToken: false) == .refresh)
    }

    /// An unexpired lease means waiting, this process's own included: a lease outlives its token request, so one held
    /// with no refresh running is a request abandoned at its time limit, which the provider may still act on.
    @Test func anUnexpiredLeaseMeansWaitingWhoeverHoldsIt() {
        let until = now.addingTimeInterval(20)
        #expect(decide(expiry: 10, lease: RefreshLease(owner: "other", until: until)) == .waitForLease(until: until))
        #expect(decide(expiry: 10, lease: RefreshLease(owner: "other", until: now.addingTimeInterval(-1))) == .refresh)
        #expect(decide(expiry: 10, lease: RefreshLease(owner: "me", until: until)) == .waitForLease(until: until))
        #expect(decide(expiry: 10, lease: RefreshLease(owner: "me", until: now.addingTimeInterval(-1))) == .refresh)
        #expect(decide(expiry: 3600, lease: RefreshLease(owner: "other", until: until)) == .fresh)
    }

    @Test func anUnhealthyConnectionStaysUnhealthyWhateverElse() {
        #expect(decide(unhealthy: "invalid_grant") == .unhealthy(code: "invalid_grant"))
        #expect(decide(expiry: -10, unhealthy: "invalid_client", force: true) == .unhealthy(code: "invalid_client"))
    }

    @Test func aTransientFailureBacksOffUntilItsTime() {
        #expect(decide(expiry: 10, backoff: 5) == .backingOff(until: now.addingTimeInterval(5)))
        #expect(decide(expiry: 10, backoff: -1) == .refresh)
        #expect(decide(expiry: 10, backoff: 5, force: true) == .refresh)
    }

    @Test func nothingToRefreshWithIsSaid() {
        #expect(decide(expiry: 10, canRefresh: false) == .cannotRefresh)
        #expect(decide(expiry: 3600, canRefresh: false) == .fresh)
    }

    @Test func backoffGrowsWithJitterUpToTheCap() {
        let backoff = RetryBackoff(base: 1, cap: 300)
        #expect(backoff.delay(afterAttempt: 1, random: 1) == 1)
        #expect(backoff.delay(afterAttempt: 1, random: 0) == 0.5)
        #expect(backoff.delay(afterAttempt: 4, random: 1) == 8)
        #expect(backoff.delay(afterAttempt: 30, random: 1) == 300)
        #expect(backoff.delay(afterAttempt: 30, random: 0) == 150)
    }
}
