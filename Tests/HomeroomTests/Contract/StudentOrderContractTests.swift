import Foundation
import Testing
@testable import HomeroomCore

/// Lists of students, schools and grades come in SQLite's order (by bytes) on every store: on
/// PostgreSQL whatever the database's locale, so these run on a database made in en-US, whose
/// own order puts "de la Cruz" before "Smith" and "Ábel" beside "Abe".
@Suite struct StudentOrderContractTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    static let roster = """
        student_id,last_name,first_name,grade,school,homeroom_teacher
        1000001,Smith,Kai,05,Zion,Mr. Lee
        1000002,de la Cruz,Kai,05,academy,Mr. Lee
        1000003,Ábel,Kai,05,Édith,Mr. Lee
        1000004,Acker,Kai,05,Zion,Mr. Lee
        1000005,Abe,Kai,05,Zion,Mr. Lee

        """

    /// The roster's last names by bytes, as SQLite orders them.
    static let byteOrder = ["Abe", "Acker", "Smith", "de la Cruz", "Ábel"]

    /// Runs `body` with a store of `kind` holding `roster`; on PostgreSQL, a database made in en-US.
    func withRoster(_ kind: StoreKind, _ body: (any HomeroomStore) async throws -> Void) async throws {
        guard kind == .postgres else {
            return try await withStore(kind) { (store) async throws in
                _ = try await store.importCSV(Self.roster, at: now)
                try await body(store)
            }
        }
        let store = try await PostgresTestDatabases.shared.makeStore(icuLocale: "en-US")
        do {
            _ = try await store.importCSV(Self.roster, at: now)
            try await body(store)
            await store.close()
        } catch {
            await store.close()
            throw error
        }
    }

    @Test(.enabled(if: StoreKind.available.contains(.postgres), "needs the test PostgreSQL"))
    func enUSDatabaseOrdersTheNamesOtherwise() async throws {
        try await withRoster(.postgres) { (store) async throws in
            let order = try await store.peek("SELECT string_agg(last_name, ',' ORDER BY last_name) FROM student")
            #expect(order == "Abe,Ábel,Acker,de la Cruz,Smith")
        }
    }

    @Test(arguments: StoreKind.available) func searchListsNamesInByteOrder(_ kind: StoreKind) async throws {
        try await withRoster(kind) { (store) async throws in
            let names = try await store.searchStudents("kai").map(\.lastName)
            #expect(names == Self.byteOrder)
        }
    }

    @Test(arguments: StoreKind.available) func homeroomListsNamesInByteOrder(_ kind: StoreKind) async throws {
        try await withRoster(kind) { (store) async throws in
            let names = try await store.homeroom(teacher: "Mr. Lee").map(\.lastName)
            #expect(names == Self.byteOrder)
        }
    }

    @Test(arguments: StoreKind.available) func claimStatsListSchoolsInByteOrder(_ kind: StoreKind) async throws {
        try await withRoster(kind) { (store) async throws in
            let schools = try await store.claimStats().map(\.school)
            #expect(schools == ["Zion", "academy", "Édith"])
        }
    }
}
