import Foundation
import Testing
@testable import HomeroomCore

/// Importing a roster file, on every store: all or nothing, every problem by line, the counts,
/// and rosters of many batches.
@Suite struct RosterImportTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let header = "student_id,last_name,first_name,middle_name,grade\n"

    /// A roster of `count` students, IDs 1000000 and up, with an optional bad row in place of one.
    /// Rows enough for more than one staging run and more than one block of the file (a row of
    /// `roster` has at least 20 bytes), so later ones are read on another thread than the first.
    static let manyRows = max(AppDatabase.stagingRun, RosterBlocks.size / 20) + 1_000

    static func roster(_ count: Int, badAt bad: Int? = nil) -> String {
        header + (0..<count).map { index in
            index == bad ? "12345,Lee,Kai,,07\n" : "\(1_000_000 + index),Lee\(index),Kai,,07\n"
        }.joined()
    }

    /// The problems of importing `csv` into `store` (none when it imports).
    func problems(importing csv: String, into store: any ContractStore) async -> [String] {
        do {
            _ = try await store.importCSV(csv, at: now)
            return []
        } catch let error as RosterError {
            return error.problems
        } catch {
            return ["\(error)"]
        }
    }

    func studentCount(_ store: any ContractStore) async throws -> Int {
        Int(try await store.peek("SELECT COUNT(*) FROM student") ?? "") ?? -1
    }

    /// A bad row first, in the middle or last (in a later block and staging run than the first).
    @Test(arguments: StoreKind.available, [0, manyRows / 2 + 7, manyRows - 1])
    func badRowAnywhereWritesNothing(_ kind: StoreKind, at index: Int) async throws {
        try await withStore(kind) { (store) async throws in
            let found = await problems(importing: Self.roster(Self.manyRows, badAt: index), into: store)
            let count = try await studentCount(store)
            #expect(found == ["line \(index + 2): student_id '12345' is not exactly 7 digits"] && count == 0)
        }
    }

    @Test(arguments: StoreKind.available) func badRowLeavesTheStudentsAlreadyThereUntouched(_ kind: StoreKind) async throws {
        try await withStore(kind) { (store) async throws in
            _ = try await store.importCSV(sampleRosterCSV, at: now)
            let renamed = sampleRosterCSV.replacingOccurrences(of: "Núñez", with: "Nunez") + "123,Lee,Kai,,,,,\n"
            #expect(await !problems(importing: renamed, into: store).isEmpty)
            #expect(try await store.peek("SELECT last_name FROM student WHERE student_id = '1234567'") == "Núñez")
        }
    }

    @Test(arguments: StoreKind.available) func duplicateIDIsNamedWithItsFirstLine(_ kind: StoreKind) async throws {
        try await withStore(kind) { (store) async throws in
            let found = await problems(importing: "student_id,last_name,first_name\n1234567,Lee,Kai\n1234567,Lee,Kim\n", into: store)
            #expect(found == ["line 3: duplicate student_id 1234567 (first on line 2)"])
        }
    }

    @Test(arguments: StoreKind.available) func duplicateInALaterRunIsNamedWithItsFirstLine(_ kind: StoreKind) async throws {
        try await withStore(kind) { (store) async throws in
            let csv = Self.roster(Self.manyRows) + "1000001,Lee,Again,,07\n"
            #expect(await problems(importing: csv, into: store)
                    == ["line \(Self.manyRows + 2): duplicate student_id 1000001 (first on line 3)"])
        }
    }

    @Test(arguments: StoreKind.available) func duplicateInARosterForStudentsAlreadyThereIsNamed(_ kind: StoreKind) async throws {
        try await withStore(kind) { (store) async throws in
            _ = try await store.importCSV(sampleRosterCSV, at: now)
            let found = await problems(importing: "student_id,last_name,first_name\n1234567,Lee,Kai\n1234567,Lee,Kim\n", into: store)
            #expect(found == ["line 3: duplicate student_id 1234567 (first on line 2)"])
        }
    }

    @Test(arguments: StoreKind.available) func problemsAreNamedInLineOrder(_ kind: StoreKind) async throws {
        try await withStore(kind) { (store) async throws in
            let csv = "student_id,last_name,first_name\n1234567,Lee,Kai\n1234567,Lee,Kim\n123,Lee,Kai\n7654321,,Kai\n1234567,Lee,Ann\n"
            #expect(await problems(importing: csv, into: store).map { $0.prefix(7) } == ["line 3:", "line 4:", "line 5:", "line 6:"])
        }
    }

    @Test(arguments: StoreKind.available) func countsSayWhatChanged(_ kind: StoreKind) async throws {
        func csv(_ rows: String...) -> String { "student_id,last_name,first_name,grade\n" + rows.map { $0 + "\n" }.joined() }
        try await withStore(kind) { (store) async throws in
            _ = try await store.importCSV(csv("1000001,Lee,Kai,07", "1000002,Lee,Ann,07", "1000003,Lee,Bo,07", "1000004,Lee,Cy,07",
                                              "1000006,Lee,Ed,07"), at: now)
            _ = try await store.importCSV(csv("1000001,Lee,Kai,07", "1000002,Lee,Ann,07", "1000006,Lee,Ed,07"),
                                          deactivateMissing: true, at: now)
            // 1000001 unchanged, 1000002 updated, 1000003 reactivated, 1000005 added, 1000006 deactivated;
            // 1000004, disabled already, is not counted again.
            let counts = try await store.importCSV(csv("1000001,Lee,Kai,07", "1000002,Lee,Ann,08", "1000003,Lee,Bo,07", "1000005,Lee,Di,07"),
                                                   deactivateMissing: true, at: now)
            #expect(counts.description == "added 1, updated 1, unchanged 1, deactivated 1, reactivated 1")
        }
    }

    @Test(arguments: StoreKind.available) func deactivationCountsOnlyActiveStudentsMissing(_ kind: StoreKind) async throws {
        try await withStore(kind) { (store) async throws in
            _ = try await store.importCSV(sampleRosterCSV, at: now)
            _ = try await store.importCSV("student_id,last_name,first_name\n0012345,O'Brien,Mary Kate\n", deactivateMissing: true, at: now)
            let again = try await store.importCSV("student_id,last_name,first_name\n0012345,O'Brien,Mary Kate\n",
                                                  deactivateMissing: true, at: now)
            #expect(again.deactivated == 0 && again.unchanged == 1)
        }
    }

    @Test(arguments: StoreKind.available) func dryRunCountsAndWritesNothing(_ kind: StoreKind) async throws {
        try await withStore(kind) { (store) async throws in
            let counts = try await store.importCSV(sampleRosterCSV, dryRun: true, at: now)
            #expect(counts.added == 5)
            #expect(try await studentCount(store) == 0)
        }
    }

    @Test func claimedStudentKeepsTheClaimThroughDeactivationAndReactivation() async throws {
        let db = try seededDatabase(testConfig())
        #expect(try await db.completeClaim(studentID: "1234567", passwordHash: "$argon2id$p", answers: [], at: now))
        _ = try db.importRoster(csv: "student_id,last_name,first_name\n0012345,O'Brien,Mary Kate\n", deactivateMissing: true, at: now)
        _ = try db.importRoster(csv: sampleRosterCSV, at: now)
        let student = try #require(try await db.student(id: "1234567"))
        #expect(student.active && student.passwordHash == "$argon2id$p" && student.claimedAt != nil)
    }

    @Test(arguments: StoreKind.available) func rosterOfManyBlocksImportsCompletely(_ kind: StoreKind) async throws {
        let count = Self.manyRows + 1
        try await withStore(kind) { (store) async throws in
            let counts = try await store.importCSV(Self.roster(count), at: now)
            #expect(counts.added == count)
            #expect(try await studentCount(store) == count)
        }
    }

    @Test(arguments: StoreKind.available) func importAfterAFailedOneWorks(_ kind: StoreKind) async throws {
        try await withStore(kind) { (store) async throws in
            #expect(await !problems(importing: Self.roster(10, badAt: 5), into: store).isEmpty)
            #expect(try await store.importCSV(Self.roster(10), at: now).added == 10)
        }
    }
}
