import Foundation
import HomeroomCore
import HomeroomWeb
import HummingbirdTesting
import Testing

/// Throttles of step 1: per student ID and per client address, answered with 429.
@Suite struct ClaimThrottleTests {
    @Test func sixthFailureForOneIDIsThrottled() async throws {
        try await withApp { client, _ in
            var browser = Browser(client)
            for _ in 0..<5 {
                #expect(try await browser.startClaim(last: "Wrong", first: "Name", id: "1234567").status == .ok)
            }
            let throttled = try await browser.startClaim(last: "Wrong", first: "Name", id: "1234567")
            #expect(throttled.status == .tooManyRequests)
            #expect(throttled.text.contains("Too many tries"))
        }
    }

    @Test func lockedIDStaysLockedEvenWithTheRightNames() async throws {
        try await withApp { client, _ in
            var browser = Browser(client)
            for _ in 0..<5 { try await browser.startClaim(last: "Wrong", first: "Name", id: "1234567") }
            #expect(try await browser.startClaim(last: "Núñez", first: "José", id: "1234567").status == .tooManyRequests)
        }
    }

    @Test func idLockLiftsAfterFifteenMinutes() async throws {
        let clock = ManualClock()
        try await withApp(clock: clock) { client, _ in
            var browser = Browser(client)
            for _ in 0..<5 { try await browser.startClaim(last: "Wrong", first: "Name", id: "1234567") }
            clock.advance(minutes: 15.1)
            #expect(try await browser.startClaim(last: "Núñez", first: "José", id: "1234567").location == "/claim/password")
        }
    }

    @Test func lockedIDDoesNotLockOtherStudents() async throws {
        try await withApp { client, _ in
            var browser = Browser(client)
            for _ in 0..<6 { try await browser.startClaim(last: "Wrong", first: "Name", id: "1234567") }
            #expect(try await browser.startClaim(last: "O'Brien", first: "Mary Kate", id: "0012345").location == "/claim/password")
        }
    }

    @Test func searchingTheIDSpaceFromOneAddressIsThrottled() async throws {
        var config = testConfig()
        config.claimThrottle.perAddress = ThrottleRule(maxFailures: 20, windowMinutes: 10, lockMinutes: 10)
        try await withApp(config) { client, _ in
            var browser = Browser(client)
            for id in 1_000_000..<1_000_020 { try await browser.startClaim(last: "Lee", first: "Kai", id: String(id)) }
            #expect(try await browser.startClaim(last: "Lee", first: "Kai", id: "1000020").status == .tooManyRequests)
        }
    }

    @Test func classOfThirtyWithTyposBehindOneAddressIsNotThrottled() async throws {
        try await withApp { client, _ in
            for n in 0..<30 {
                var browser = Browser(client)
                try await browser.startClaim(last: "Typo", first: "Name", id: String(format: "5%06d", n))
                try await browser.startClaim(last: "Typo", first: "Name", id: String(format: "5%06d", n))
            }
            var last = Browser(client)
            #expect(try await last.startClaim(last: "O'Brien", first: "Mary Kate", id: "0012345").location == "/claim/password")
        }
    }

    @Test func throttledAttemptIsAudited() async throws {
        try await withApp { client, database in
            var browser = Browser(client)
            for _ in 0..<6 { try await browser.startClaim(last: "Wrong", first: "Name", id: "1234567") }
            #expect(try await database.auditEvents(subject: "1234567").first?.outcome == .throttled)
        }
    }
}
