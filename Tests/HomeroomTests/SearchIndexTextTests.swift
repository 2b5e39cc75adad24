@testable import HomeroomCore
import GRDB
import Testing

/// The text the search index holds for a student's names is made in Swift as the roster is read;
/// it must be the text the SQL that made it before made, or entries indexed then could not be
/// deleted when a student is renamed.
@Suite struct SearchIndexTextTests {
    /// The SQL that made the text until the import made it in Swift.
    static let formerSQL = """
        n || CASE WHEN n GLOB '*[''.`ʼ‘’]*' THEN ' ' || replace(replace(replace(replace(replace(replace(n, '''', ''), '.', ''), '`', ''), 'ʼ', ''), '‘', ''), '’', '') ELSE '' END
        """

    static let names: [(String, String, String)] = [
        ("Smith", "Mary", ""), ("O'Brien", "D'Andre", "Lee"), ("St. John", "J.", "D."), ("Núñez", "José", "María"),
        ("O’Neal", "Ke‘Shawn", "Grace"), ("Kaʻiulani", "ʼOkalani", ""), ("Back`tick", "Zoë", "Ó Súilleabháin"),
        ("Nguyễn", "Thảo", "Anh"), ("Østergaard", "Björn", "..."), ("'", "'", "'"), ("Ɂa", "ʼʼ", "—’—"),
        ("Abdul-Jabbar", "Alexandria-Rose", "Mary Kate"), ("李", "小龍", ""), ("Wolfeschlegelsteinhausenbergerdorff Jr.", "Xi", "III"),
    ]

    @Test func theTextIsTheTextTheFormerSQLMade() async throws {
        let database = try AppDatabase.inMemory(schema: packageRoot.schema())
        for (last, first, middle) in Self.names {
            let names = last + " " + first + " " + middle
            let former = try await database.writer.read { db in
                try String.fetchOne(db, sql: "SELECT \(Self.formerSQL) FROM (SELECT ? AS n)", arguments: [names])
            }
            #expect(StudentSearchIndex.text(lastName: last, firstName: first, middleName: middle) == former, "\(names)")
        }
    }

    @Test func theStagedNamesMakeTheSameTextInSQL() async throws {
        let database = try AppDatabase.inMemory(schema: packageRoot.schema())
        for (last, first, middle) in Self.names {
            let joined = StudentSearchIndex.joinedNames(last + " " + first + " " + middle)
            let staged = try await database.writer.read { db in
                try String.fetchOne(db, sql: """
                    SELECT \(StudentSearchIndex.stagedText("s"))
                    FROM (SELECT ? AS last_name, ? AS first_name, ? AS middle_name, ? AS joined_names) s
                    """, arguments: [last, first, middle, joined])
            }
            #expect(staged == StudentSearchIndex.text(lastName: last, firstName: first, middleName: middle))
        }
    }

    @Test func aFirstImportIndexesTheSameText() {
        for (last, first, middle) in Self.names {
            var bytes: [UInt8] = []
            let row = RosterRow(studentID: "1234567", lastName: last, firstName: first, middleName: middle, birthDate: nil, grade: nil,
                                school: nil, homeroomTeacher: nil)
            StagedRecord.append(row, number: 1234567, line: 2, to: &bytes)
            var text: [UInt8] = []
            bytes.withUnsafeBytes { buffer in
                var fields = [UnsafeRawBufferPointer?](repeating: nil, count: StagedRecord.fieldCount)
                StagedRecord(UnsafeRawBufferPointer(rebasing: buffer[4...])).forEachField { fields[Int($0)] = $1 }
                RosterFirstImport.searchText(fields, into: &text)
            }
            #expect(String(decoding: text, as: UTF8.self) == StudentSearchIndex.text(lastName: last, firstName: first, middleName: middle))
        }
    }

    @Test func theSQLFunctionMakesTheSameText() async throws {
        let database = try AppDatabase.inMemory(schema: packageRoot.schema())
        let made = try await database.writer.read { db in
            try String.fetchOne(db, sql: "SELECT \(StudentSearchIndex.function.name)('O''Brien', 'St. J', '')")
        }
        #expect(made == "O'Brien St. J  OBrien St J ")
    }
}
