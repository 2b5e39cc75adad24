import Foundation
import HomeroomCore
import HummingbirdTesting
import Testing

/// One student behind the school's address cannot lock the school out: limits are aimed at what
/// is being searched (a name, an ID, a username), and the address-wide limit is far above typos.
@Suite struct SchoolAddressTests {
    @Test func aThousandFailedClaimsForOneNameDoNotStopAClassmate() async throws {
        try await withApp { client, _ in
            var searcher = Browser(client)
            try await searcher.get("/claim")
            for id in 0..<1000 {
                try await searcher.post("/claim", [("last_name", "Núñez"), ("first_name", "José"), ("student_id", String(format: "%07d", 2_000_000 + id))])
            }
            var classmate = Browser(client)
            #expect(try await classmate.startClaim(last: "O'Brien", first: "Mary Kate", id: "0012345").location == "/claim/password")
        }
    }

    @Test func anIDSearchForOneNameStopsAtItsLimit() async throws {
        try await withApp { client, database in
            var searcher = Browser(client)
            try await searcher.get("/claim")
            for id in 0..<1000 {
                try await searcher.post("/claim", [("last_name", "NUNEZ"), ("first_name", "jose"), ("student_id", String(format: "%07d", 2_000_000 + id))])
            }
            let tried = try await database.auditEvents(limit: 5000).filter { $0.action == .claimStart && $0.outcome == .failure }.count
            #expect(tried == AppConfig().claimThrottle.perName.maxFailures)
        }
    }

    @Test func aThousandFailedLookupsForOneIDDoNotStopAClassmate() async throws {
        try await withApp { client, _ in
            var searcher = Browser(client)
            try await searcher.get("/forgot-username")
            for attempt in 0..<1000 {
                try await searcher.post("/forgot-username", [("last_name", "Wrong\(attempt)"), ("first_name", "Name"), ("student_id", "1234567")])
            }
            var classmate = Browser(client)
            try await classmate.get("/forgot-username")
            let answer = try await classmate.post("/forgot-username", [("last_name", "O'Brien"), ("first_name", "Mary Kate"), ("student_id", "0012345")])
            #expect(answer.status != .tooManyRequests)
        }
    }

    @Test func aSprayOfOnePasswordStopsAtTheAddressLimit() async throws {
        try await withApp { client, database in
            var sprayer = Browser(client)
            try await sprayer.get("/")
            for index in 0..<1000 {
                try await sprayer.post("/login", [("username", String(format: "s%07d", 3_000_000 + index))])
                try await sprayer.post("/login/password", [("password", "Spring2026!")])
            }
            let checked = try await database.auditEvents(limit: 5000).filter { $0.action == .signIn && $0.outcome == .failure }.count
            #expect(checked == AppConfig().signInThrottle.perAddress.maxFailures)
        }
    }

    @Test func aNameLockLiftsAfterFifteenMinutes() async throws {
        let clock = ManualClock()
        try await withApp(clock: clock) { client, _ in
            var searcher = Browser(client)
            try await searcher.get("/claim")
            for id in 0..<10 {
                try await searcher.post("/claim", [("last_name", "Núñez"), ("first_name", "José"), ("student_id", String(format: "%07d", 2_000_000 + id))])
            }
            var student = Browser(client)
            #expect(try await student.startClaim(last: "Núñez", first: "José", id: "1234567").status == .tooManyRequests)
            clock.advance(minutes: 15.1)
            #expect(try await student.startClaim(last: "Núñez", first: "José", id: "1234567").location == "/claim/password")
        }
    }

    @Test func failedResetsForOneUsernameDoNotHoldAnother() async throws {
        var config = testConfig()
        config.recovery.failedResetsBeforeLock = 100
        config.recovery.perAddressAndUsername = ThrottleRule(maxFailures: 3, windowMinutes: 15, lockMinutes: 15)
        try await withApp(config) { client, _ in
            var browser = Browser(client)
            try await browser.claim()
            var classmate = Browser(client)
            try await classmate.claim(last: "Smith-Jones", first: "D'Andre", id: "7654321")
            try await browser.startReset("s0012345")
            for _ in 0..<3 { try await browser.answerReset(RecoveryRouterTests.wrongAnswers) }
            #expect(try await browser.answerReset(RecoveryRouterTests.wrongAnswers).status == .tooManyRequests)
            try await browser.startReset("s7654321")
            #expect(try await browser.answerReset().location == "/forgot-password/new")
        }
    }
}
