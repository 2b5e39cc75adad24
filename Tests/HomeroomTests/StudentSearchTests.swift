import Foundation
import GRDB
import Testing
@testable import HomeroomCore

/// The technician's search: each word of the query starts a word of the student's names, or
/// (digits) the student ID; case and accents do not matter.
@Suite struct StudentSearchTests {
    func database() throws -> AppDatabase { try seededDatabase(testConfig()) }

    func ids(_ query: String, in db: AppDatabase) async throws -> [String] {
        try await db.searchStudents(query).map(\.studentID)
    }

    @Test func searchIgnoresCase() async throws {
        #expect(try await ids("SMITH", in: database()) == ["7654321"])
    }

    @Test func searchIgnoresAccents() async throws {
        #expect(try await ids("nun", in: database()) == ["1234567"])
    }

    @Test func accentedQueryFindsTheName() async throws {
        #expect(try await ids("Núñ", in: database()) == ["1234567"])
    }

    @Test func searchMatchesTheStartOfALaterWordOfALastName() async throws {
        let db = try database()
        #expect(try await ids("cruz", in: db) == ["2222222"])
        #expect(try await ids("jones", in: db) == ["7654321"])
    }

    @Test func searchMatchesFirstAndMiddleNames() async throws {
        let db = try database()
        #expect(try await ids("kate", in: db) == ["0012345"])
        #expect(try await ids("luis", in: db) == ["1234567"])
    }

    @Test func searchDoesNotMatchInsideAWord() async throws {
        #expect(try await ids("unez", in: database()).isEmpty)
    }

    @Test func apostropheNameIsFoundWholeOrInParts() async throws {
        let db = try database()
        for query in ["obrien", "o'brien", "O’Brien", "brien"] {
            #expect(try await ids(query, in: db) == ["0012345"], "\(query)")
        }
    }

    @Test func digitsMatchTheStartOfTheID() async throws {
        let db = try database()
        #expect(try await ids("00123", in: db) == ["0012345"])
        #expect(try await ids("12345", in: db) == ["1234567"])
    }

    @Test func everyWordOfTheQueryMustMatch() async throws {
        let db = try database()
        #expect(try await ids("de la", in: db) == ["2222222"])
        #expect(try await ids("jose nunez", in: db) == ["1234567"])
        #expect(try await ids("jose smith", in: db).isEmpty)
        #expect(try await ids("nun 1234", in: db) == ["1234567"])
    }

    @Test func resultsAreOrderedByLastNameFirstNameAndID() async throws {
        let db = try seededDatabase(testConfig(), roster: """
            student_id,last_name,first_name
            3000000,Lee,Kai
            1000000,Lee,Kai
            2000000,Lee,Ann
            4000000,Abe,Leo

            """)
        #expect(try await ids("le", in: db) == ["4000000", "2000000", "1000000", "3000000"])
    }

    @Test func orderFollowsAnImportThatRenamesAStudent() async throws {
        let roster = "student_id,last_name,first_name\n1000000,Lee,Kai\n2000000,Moe,Kai\n"
        let db = try seededDatabase(testConfig(), roster: roster)
        _ = try db.importRoster(csv: roster.replacingOccurrences(of: "Moe,Kai", with: "Abe,Kai"))
        #expect(try await ids("kai", in: db) == ["2000000", "1000000"])
    }

    @Test func resultsStopAtTheLimit() async throws {
        let db = try AppDatabase.inMemory(schema: packageRoot.schema())
        _ = try db.importRoster(csv: RosterImportTests.roster(60))
        #expect(try await db.searchStudents("kai", limit: 50).count == 50)
    }

    @Test func searchFollowsAnImportThatRenamesAStudent() async throws {
        let db = try database()
        _ = try db.importRoster(csv: sampleRosterCSV.replacingOccurrences(of: "Núñez,José,Luis", with: "Ortega,José,"))
        #expect(try await ids("nunez", in: db).isEmpty)
        #expect(try await ids("luis", in: db).isEmpty)
        #expect(try await ids("ortega jose", in: db) == ["1234567"])
    }

    @Test func resultsShowTheNamesAfterARename() async throws {
        let db = try database()
        _ = try db.importRoster(csv: sampleRosterCSV.replacingOccurrences(of: "Núñez,José", with: "Núñez,Josefina"))
        #expect(try await db.searchStudents("nunez").map(\.firstName) == ["Josefina"])
    }

    @Test func migrationMakesTheSearchWordsOfStudentsAlreadyThere() async throws {
        let path = temporaryDatabasePath()
        let schema = try packageRoot.schema()
        let before = String(schema[..<schema.range(of: "-- migrate:10")!.lowerBound])
        let old = try AppDatabase.open(path: path, schema: before)
        try await old.writer.write { db in
            try db.execute(sql: """
                INSERT INTO student (student_id, last_name, first_name, middle_name, created_at, updated_at)
                VALUES ('1234567', 'Núñez', 'José', 'Luis', '2026-01-01', '2026-01-01')
                """)
        }
        let migrated = try AppDatabase.open(path: path, schema: schema)
        #expect(try await ids("nun jo lu", in: migrated) == ["1234567"])
    }
}

/// The terms a search is cut into.
@Suite struct SearchTextTests {
    @Test func termsAreSplitAtSpacesHyphensAndOtherPunctuation() {
        #expect(SearchText.terms("De La-Cruz, Jean") == ["De", "La", "Cruz", "Jean"])
    }

    @Test func apostrophesAndPeriodsAreTakenOutOfATerm() {
        #expect(SearchText.terms("O’B  St.John") == ["OB", "StJohn"])
    }

    @Test func accentsAndMarksStayForTheTokenizerToFold() {
        #expect(SearchText.terms("Núñez Ha\u{0301}") == ["Núñez", "Ha\u{0301}"])
    }

    @Test func upperBoundIsTheNextTextAfterEveryExtension() {
        #expect(SearchText.upperBound(of: "nun") == "nuo")
        #expect("nunez" < SearchText.upperBound(of: "nun") && "nuo" >= SearchText.upperBound(of: "nun"))
    }
}
