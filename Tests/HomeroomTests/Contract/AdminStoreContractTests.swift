import Foundation
import Testing
@testable import HomeroomCore

/// The technician's search, the console's reads and resets, on every store.
@Suite struct AdminStoreContractTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func withSample(_ kind: StoreKind, _ body: (any HomeroomStore) async throws -> Void) async throws {
        try await withSampleStore(kind, at: now, body)
    }

    /// A query and the IDs it finds in the sample roster, in order: case, accents, later words,
    /// first and middle names, apostrophes, digits, every word.
    static let searches: [(String, [String])] = [
        ("SMITH", ["7654321"]), ("nun", ["1234567"]), ("Núñ", ["1234567"]), ("cruz", ["2222222"]), ("jones", ["7654321"]),
        ("kate", ["0012345"]), ("luis", ["1234567"]), ("unez", []), ("obrien", ["0012345"]), ("o'brien", ["0012345"]),
        ("O’Brien", ["0012345"]), ("brien", ["0012345"]), ("00123", ["0012345"]), ("de la", ["2222222"]),
        ("jose nunez", ["1234567"]), ("jose smith", []), ("nun 1234", ["1234567"]), ("lewis ii", ["3333333"]),
    ]

    @Test(arguments: StoreKind.available, searches.indices)
    func searchFindsWhatTheRulesSay(_ kind: StoreKind, _ index: Int) async throws {
        let (query, expected) = Self.searches[index]
        try await withSample(kind) { (store) async throws in
            let found = try await store.searchStudents(query).map(\.studentID)
            #expect(found == expected, "\(query)")
        }
    }

    @Test(arguments: StoreKind.available) func searchOrdersByLastNameFirstNameAndID(_ kind: StoreKind) async throws {
        try await withStore(kind) { (store) async throws in
            _ = try await store.importCSV("student_id,last_name,first_name\n3000000,Lee,Kai\n1000000,Lee,Kai\n2000000,Lee,Ann\n4000000,Abe,Leo\n",
                                          at: now)
            let found = try await store.searchStudents("le").map(\.studentID)
            #expect(found == ["4000000", "2000000", "1000000", "3000000"])
        }
    }

    @Test(arguments: StoreKind.available) func renamedStudentIsFoundByTheNewNameOnly(_ kind: StoreKind) async throws {
        try await withStore(kind) { (store) async throws in
            _ = try await store.importCSV("student_id,last_name,first_name\n1000000,Moe,Kai\n", at: now)
            _ = try await store.importCSV("student_id,last_name,first_name\n1000000,Abe,Kai\n", at: now)
            let old = try await store.searchStudents("moe"), new = try await store.searchStudents("abe")
            #expect(old.isEmpty && new.map(\.studentID) == ["1000000"])
        }
    }

    @Test(arguments: StoreKind.available) func overviewShowsTheClaimAndTheLock(_ kind: StoreKind) async throws {
        try await withSample(kind) { (store) async throws in
            try await store.claimForTest(id: "1234567")
            let overview = try #require(try await store.studentOverview(id: "1234567"))
            #expect(overview.state == "claimed" && overview.school == "Riverdale High" && !overview.signInLocked)
        }
    }

    @Test(arguments: StoreKind.available) func homeroomListsItsActiveStudentsByName(_ kind: StoreKind) async throws {
        try await withSample(kind) { (store) async throws in
            let ids = try await store.homeroom(teacher: "Mr. Okafor").map(\.studentID)
            #expect(ids == ["2222222", "3333333", "1234567"])
        }
    }

    @Test(arguments: StoreKind.available) func claimStatsCountPerSchoolAndGrade(_ kind: StoreKind) async throws {
        try await withSample(kind) { (store) async throws in
            try await store.claimForTest(id: "1234567")
            let stats = try await store.claimStats()
            let riverdale = stats.filter { $0.school == "Riverdale High" }
            #expect(riverdale.map(\.grade) == ["08", "09"] && riverdale.map(\.claimed) == [0, 1] && riverdale.map(\.unclaimed) == [1, 0])
        }
    }

    @Test(arguments: StoreKind.available) func resetClaimMakesTheStudentUnclaimedAndEndsSessions(_ kind: StoreKind) async throws {
        try await withSample(kind) { (store) async throws in
            try await store.claimForTest(id: "1234567")
            let epoch = try await store.sessionEpoch(username: "s1234567")
            let reset = try await store.resetClaim(studentID: "1234567", at: now, audit: .test(.resetClaim))
            let student = try await store.student(id: "1234567"), after = try await store.sessionEpoch(username: "s1234567")
            #expect(reset && student?.isClaimed == false && after == epoch + 1)
        }
    }

    @Test(arguments: StoreKind.available) func resetOfAnUnknownStudentWritesNothing(_ kind: StoreKind) async throws {
        try await withSample(kind) { (store) async throws in
            let reset = try await store.resetClaim(studentID: "9999999", at: now, audit: .test(.resetClaim))
            let events = try await store.auditEvents(subject: nil, limit: 10).filter { $0.action == .resetClaim }
            #expect(!reset && events.isEmpty)
        }
    }

    @Test(arguments: StoreKind.available) func resetAllCountsTheClaimedAndUnclaimsThem(_ kind: StoreKind) async throws {
        try await withSample(kind) { (store) async throws in
            try await store.claimForTest(id: "1234567")
            try await store.claimForTest(id: "0012345")
            let counts = try await store.resetAllStudents(at: now) { _, _ in .test(.resetAllStudents) }
            let unclaimed = try await store.unclaimedStudents(count: 10).count
            #expect(counts == (2, 5) && unclaimed == 5)
        }
    }

    @Test(arguments: StoreKind.available) func gaugesCountClaimsSessionsAndLocks(_ kind: StoreKind) async throws {
        try await withSample(kind) { (store) async throws in
            try await store.claimForTest(id: "1234567")
            _ = try await store.putSession(key: "k", value: Data("{}".utf8), expiresAt: now + 60, username: "s1234567")
            let gauges = try await store.gauges(at: now)
            #expect(gauges.claimedStudents == 1 && gauges.unclaimedStudents == 4 && gauges.signedInSessions == 1 && gauges.lockedAccounts == 0)
        }
    }
}
