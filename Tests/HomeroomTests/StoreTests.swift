import Foundation
import Testing
@testable import HomeroomCore

/// The store's transactions and the rules they keep.
@Suite struct StoreTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func database() throws -> AppDatabase {
        try seededDatabase(testConfig())
    }

    @Test func firstImportAddsEveryone() throws {
        let db = try AppDatabase.inMemory(schema: packageRoot.schema())
        let counts = try db.importRoster(csv: sampleRosterCSV, deactivateMissing: false, at: now)
        #expect(counts.added == 5 && counts.updated == 0 && counts.unchanged == 0)
    }

    @Test func reimportKeepsClaimAndUpdatesRosterFields() async throws {
        let db = try database()
        #expect(try await db.completeClaim(studentID: "0012345", passwordHash: "$argon2id$p",
                                           answers: [ChallengeAnswer(studentID: "0012345", questionID: "birth_month", answerHash: "$argon2id$a")], at: now))
        let changed = sampleRosterCSV.replacingOccurrences(of: "Riverdale High,Ms. Rivera", with: "Jonesboro High,Ms. Rivera")
        let counts = try db.importRoster(csv: changed, deactivateMissing: false, at: now)
        #expect(counts.updated == 1 && counts.unchanged == 4)
        let student = try #require(try await db.student(id: "0012345"))
        #expect(student.school == "Jonesboro High")
        #expect(student.passwordHash == "$argon2id$p")
        #expect(try await db.answers(studentID: "0012345").count == 1)
    }

    @Test func deactivateMissingDisablesAndLaterImportReactivates() async throws {
        let db = try database()
        let first = try db.importRoster(csv: "student_id,last_name,first_name\n0012345,O'Brien,Mary Kate\n",
                                        deactivateMissing: true, at: now)
        #expect(first.deactivated == 4)
        #expect(try await db.student(id: "1234567")?.active == false)
        let again = try db.importRoster(csv: sampleRosterCSV, deactivateMissing: false, at: now)
        #expect(again.reactivated == 4)
        #expect(try await db.student(id: "1234567")?.active == true)
    }

    @Test func missingStudentsStayActiveWithoutTheFlag() async throws {
        let db = try database()
        _ = try db.importRoster(csv: "student_id,last_name,first_name\n0012345,O'Brien,Mary Kate\n", deactivateMissing: false, at: now)
        #expect(try await db.student(id: "1234567")?.active == true)
    }

    @Test(arguments: StoreKind.available) func secondClaimOfTheSameStudentWritesNothing(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            _ = try await store.importCSV(sampleRosterCSV, at: now)
            #expect(try await store.completeClaim(studentID: "1234567", passwordHash: "$argon2id$one", answers: [], at: now))
            #expect(try await !store.completeClaim(studentID: "1234567", passwordHash: "$argon2id$two", answers: [], at: now))
            #expect(try await store.student(id: "1234567")?.passwordHash == "$argon2id$one")
        }
    }

    @Test(arguments: StoreKind.available) func racingClaimsEndWithExactlyOne(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            _ = try await store.importCSV(sampleRosterCSV, at: now)
            let results = try await withThrowingTaskGroup(of: Bool.self) { group in
                for i in 0..<8 {
                    group.addTask { try await store.completeClaim(studentID: "7654321", passwordHash: "$argon2id$\(i)", answers: [], at: now) }
                }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(results.filter { $0 }.count == 1)
        }
    }

    @Test(arguments: StoreKind.available) func disabledStudentCannotBeClaimed(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            _ = try await store.importCSV(sampleRosterCSV, at: now)
            _ = try await store.importCSV("student_id,last_name,first_name\n0012345,O'Brien,Mary Kate\n", deactivateMissing: true, at: now)
            let claimed = try await store.completeClaim(studentID: "1234567", passwordHash: "$argon2id$x", answers: [], at: now)
            #expect(!claimed)
        }
    }

    @Test func reopeningKeepsData() async throws {
        let config = testConfig()
        try seededDatabase(config)
        let reopened = try AppDatabase.open(path: config.databasePath, schema: packageRoot.schema())
        #expect(try await reopened.student(id: "0012345") != nil)
    }

    @Test func laterSchemaBlockMigratesAnExistingDatabase() async throws {
        let config = testConfig()
        try seededDatabase(config)
        let next = try packageRoot.schema() + "\n-- migrate:\(try database().schemaVersion() + 1)\nCREATE TABLE later (x INTEGER);\n"
        let migrated = try AppDatabase.open(path: config.databasePath, schema: next)
        #expect(try migrated.schemaVersion() == (try database().schemaVersion()) + 1)
        #expect(try await migrated.student(id: "0012345") != nil)
    }

    @Test func migrationsKeepClaimedStudentsAndTheirAnswers() async throws {
        let path = temporaryDatabasePath()
        let schema = try packageRoot.schema()
        let old = try AppDatabase.open(path: path, schema: String(schema[..<schema.range(of: "-- migrate:8")!.lowerBound]))
        try await old.writer.write { db in
            try db.execute(sql: """
                INSERT INTO student (student_id, last_name, first_name, grade, created_at, updated_at)
                VALUES ('1234567', 'Núñez', 'José', '09', '2026-01-01', '2026-01-01')
                """)
        }
        #expect(try await old.completeClaim(studentID: "1234567", passwordHash: "$argon2id$p",
                                            answers: [ChallengeAnswer(studentID: "1234567", questionID: "q", answerHash: "$argon2id$a")],
                                            at: now))
        let migrated = try AppDatabase.open(path: path, schema: schema)
        #expect(try await migrated.student(id: "1234567")?.passwordHash == "$argon2id$p")
        #expect(try await migrated.answers(studentID: "1234567").count == 1)
    }

    @Test func databaseFromANewerSchemaIsRefused() throws {
        let config = testConfig()
        try seededDatabase(config)
        let next = try packageRoot.schema() + "\n-- migrate:\(try database().schemaVersion() + 1)\nCREATE TABLE later (x INTEGER);\n"
        _ = try AppDatabase.open(path: config.databasePath, schema: next)
        #expect(throws: AppDatabase.OpenError.self) {
            try AppDatabase.open(path: config.databasePath, schema: packageRoot.schema())
        }
    }

    @Test func schemaRefusesAGradeOutsidePKToTwelve() throws {
        let db = try database()
        for grade in ["13", "00", "7", "pk", "1 "] {
            #expect(throws: (any Error).self, "\(grade)") {
                try db.writer.write { try $0.execute(sql: "UPDATE student SET grade = ? WHERE student_id = '0012345'", arguments: [grade]) }
            }
        }
        for grade in ["PK", "KG", "01", "09", "10", "12"] {
            try db.writer.write { try $0.execute(sql: "UPDATE student SET grade = ? WHERE student_id = '0012345'", arguments: [grade]) }
        }
    }

    @Test func schemaRefusesAMalformedStudentID() throws {
        let db = try database()
        #expect(throws: (any Error).self) {
            try db.writer.write { try $0.execute(sql: "UPDATE student SET student_id = 'abc' WHERE student_id = '0012345'") }
        }
    }
}

/// Throttles: counted before the check, locks after the limit, forgiven on success.
@Suite struct ThrottleStoreTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let rule = ThrottleRule(maxFailures: 3, windowMinutes: 15, lockMinutes: 15)

    func key(_ id: String = "1234567") -> ThrottleKey { ThrottleKey(scope: .claimStudent, key: id, rule: rule) }

    @Test(arguments: StoreKind.available) func attemptsUpToTheLimitAreAllowedAndTheNextIsThrottled(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            for _ in 0..<3 {
                guard case .allowed = try await store.beginAttempt([key()], at: now) else { Issue.record("throttled early"); return }
            }
            #expect(try await store.beginAttempt([key()], at: now) == .throttled(scope: .claimStudent))
        }
    }

    @Test(arguments: StoreKind.available) func lockLiftsAfterLockTime(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            for _ in 0..<3 { _ = try await store.beginAttempt([key()], at: now) }
            guard case .allowed = try await store.beginAttempt([key()], at: now + 15 * 60 + 1) else {
                Issue.record("still locked"); return
            }
        }
    }

    @Test(arguments: StoreKind.available) func forgivenAttemptsDoNotCount(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            for _ in 0..<5 {
                guard case .allowed(let ticket) = try await store.beginAttempt([key()], at: now) else { Issue.record("throttled"); return }
                try await store.forgive(ticket)
            }
        }
    }

    @Test(arguments: StoreKind.available) func parallelAttemptsCannotSlipPastTheLimit(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let allowed = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<12 {
                    group.addTask {
                        if case .allowed = try await store.beginAttempt([key()], at: now) { return true }
                        return false
                    }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(allowed == 3)
        }
    }

    @Test(arguments: StoreKind.available) func otherKeysAreNotLocked(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            for _ in 0..<4 { _ = try await store.beginAttempt([key()], at: now) }
            guard case .allowed = try await store.beginAttempt([key("7654321")], at: now) else { Issue.record("other key locked"); return }
        }
    }
}
