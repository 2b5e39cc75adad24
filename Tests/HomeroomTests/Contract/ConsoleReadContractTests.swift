import Foundation
import Testing
@testable import HomeroomCore

/// The rest of the console's search, resets and gauges (AdminStoreTests, StudentSearchTests
/// and StoreGaugeTests on SQLite), on every store.
@Suite struct ConsoleReadContractTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func withSample(_ kind: StoreKind, _ body: (any HomeroomStore) async throws -> Void) async throws {
        try await withSampleStore(kind, at: now, body)
    }

    @Test(arguments: StoreKind.available) func searchTreatsPercentAsAPlainCharacter(_ kind: StoreKind) async throws {
        try await withSample(kind) { (store) async throws in
            let found = try await store.searchStudents("%")
            #expect(found.isEmpty)
        }
    }

    @Test(arguments: StoreKind.available) func searchStopsAtTheLimit(_ kind: StoreKind) async throws {
        try await withStore(kind) { (store) async throws in
            _ = try await store.importCSV(RosterImportTests.roster(60), at: now)
            let found = try await store.searchStudents("kai", limit: 50)
            #expect(found.count == 50)
        }
    }

    @Test(arguments: StoreKind.available) func searchShowsTheNamesAfterARename(_ kind: StoreKind) async throws {
        try await withSample(kind) { (store) async throws in
            _ = try await store.importCSV(sampleRosterCSV.replacingOccurrences(of: "Núñez,José", with: "Núñez,Josefina"), at: now)
            let names = try await store.searchStudents("nunez").map(\.firstName)
            #expect(names == ["Josefina"])
        }
    }

    @Test(arguments: StoreKind.available) func resetAllStudentsLeavesStaffUntouched(_ kind: StoreKind) async throws {
        try await withSample(kind) { (store) async throws in
            try await store.addStaff(Staff(username: "arivera", displayName: "Ana Rivera", role: .teacher, passwordHash: nil, at: now),
                                     audit: .test(.addStaff))
            let before = try await store.staff(username: "arivera")
            _ = try await store.resetAllStudents(at: now) { _, _ in .test(.resetAllStudents) }
            let after = try await store.staff(username: "arivera")
            #expect(after == before)
        }
    }

    @Test(arguments: StoreKind.available) func resetAllStudentsEndsEveryStudentsSessions(_ kind: StoreKind) async throws {
        try await withSample(kind) { (store) async throws in
            try await store.claimForTest(id: "1234567")
            let claimed = try await store.sessionEpoch(username: "s1234567"), unclaimed = try await store.sessionEpoch(username: "s7654321")
            _ = try await store.resetAllStudents(at: now) { _, _ in .test(.resetAllStudents) }
            let after = (try await store.sessionEpoch(username: "s1234567"), try await store.sessionEpoch(username: "s7654321"))
            #expect(after == (claimed + 1, unclaimed + 1))
        }
    }

    @Test(arguments: StoreKind.available) func expiredSessionIsNotCounted(_ kind: StoreKind) async throws {
        try await withSample(kind) { (store) async throws in
            _ = try await store.putSession(key: "k", value: Data("{}".utf8), expiresAt: now - 1, username: "s0012345")
            let gauges = try await store.gauges(at: now)
            #expect(gauges.signedInSessions == 0)
        }
    }

    @Test(arguments: StoreKind.available) func endedSessionsStopCountingAtOnce(_ kind: StoreKind) async throws {
        try await withSample(kind) { (store) async throws in
            _ = try await store.putSession(key: "k", value: Data("{}".utf8), expiresAt: now + 600, username: "s0012345")
            try await store.endSessions(username: "s0012345", audit: .test(.endSessions))
            let gauges = try await store.gauges(at: now)
            #expect(gauges.signedInSessions == 0)
        }
    }

    @Test(arguments: StoreKind.available) func throttleLocksInForceAreCountedByScope(_ kind: StoreKind) async throws {
        try await withSample(kind) { (store) async throws in
            let rule = ThrottleRule(maxFailures: 1, windowMinutes: 10, lockMinutes: 10)
            _ = try await store.beginAttempt([ThrottleKey(scope: .claimAddress, key: "203.0.113.9", rule: rule)], at: now)
            let gauges = try await store.gauges(at: now)
            #expect(gauges.throttleLocks == [.claimAddress: 1])
        }
    }

    @Test(arguments: StoreKind.available) func gaugesWithoutCountingLeaveTheStudentsAtZero(_ kind: StoreKind) async throws {
        try await withSample(kind) { (store) async throws in
            let gauges = try await store.gauges(at: now, countingStudents: false)
            #expect(!gauges.studentsCounted && gauges.claimedStudents == 0 && gauges.unclaimedStudents == 0)
        }
    }
}
