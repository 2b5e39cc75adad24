import Foundation
import Testing
@testable import HomeroomCore

/// Reading and checking the SIS's roster CSV, one record at a time. (A student ID listed twice is
/// found by the import: `RosterImportTests`.)
@Suite struct RosterFileTests {
    /// Every row of `text`; throws `RosterError` with every problem, as the import would.
    func read(_ text: String) throws -> [RosterRow] {
        try readAll(RosterSource(path: writeTemporaryFile(text)))
    }

    /// Every row of `source` as the import reads it (ahead, its blocks parsed on two threads),
    /// which must also be what reading its records one at a time gives.
    func readAll(_ source: RosterSource) throws -> [RosterRow] {
        let ahead = Result { try entries(of: source.open().readAhead().feed) }
        let oneByOne = Result { try entries(of: source.open().records) }
        #expect(String(describing: ahead) == String(describing: oneByOne))
        return try rows(ahead.get())
    }

    /// The records `feed` gives, in batches.
    func entries(of feed: RosterReadAhead) throws -> [RosterEntry] {
        defer { feed.cancel() }
        var entries: [RosterEntry] = []
        while let batch = try feed.next() { entries += batch.lined }
        return entries
    }

    /// The records `reader` gives, one at a time.
    func entries(of reader: any RosterRecords) throws -> [RosterEntry] {
        var entries: [RosterEntry] = []
        while let entry = try reader.next() { entries.append(entry) }
        return entries
    }

    /// The rows of `entries`, or the problems as the import names them.
    func rows(_ entries: [RosterEntry]) throws -> [RosterRow] {
        var rows: [RosterRow] = []
        var problems: [String] = []
        for entry in entries {
            switch entry {
            case .row(let row, _): rows.append(row)
            case .problem(let line, let reason): problems.append("line \(line): \(reason)")
            }
        }
        if !problems.isEmpty { throw RosterError(problems: problems) }
        return rows
    }

    func problems(_ text: String) -> [String] {
        do {
            _ = try read(text)
            return []
        } catch let error as RosterError {
            return error.problems
        } catch {
            return ["\(error)"]
        }
    }

    @Test func standardColumnsAreRead() throws {
        let rows = try read(sampleRosterCSV)
        #expect(rows.count == 5)
        #expect(rows[0] == RosterRow(studentID: "0012345", lastName: "O'Brien", firstName: "Mary Kate", middleName: "",
                                     birthDate: "2012-04-09", grade: "08", school: "Riverdale High", homeroomTeacher: "Ms. Rivera"))
    }

    @Test func infiniteCampusAliasesAreRead() throws {
        let rows = try read("studentNumber,LastName,firstName,middleName,birthDate,schoolName,homeroomTeacher,extra\n1234567,Lee,Kai,,2012-01-01,Kemp,Ms. P,x\n")
        #expect(rows.first?.school == "Kemp")
        #expect(rows.first?.lastName == "Lee")
    }

    @Test func byteOrderMarkAndCRLFAreAccepted() throws {
        let rows = try read("\u{FEFF}student_id,last_name,first_name\r\n1234567,Lee,Kai\r\n")
        #expect(rows == [RosterRow(studentID: "1234567", lastName: "Lee", firstName: "Kai", middleName: "")])
    }

    @Test func quotedFieldsFollowRFC4180() throws {
        let rows = try read("student_id,last_name,first_name\n1234567,\"Lewis, II\",\"D\"\"Andre\"\n")
        #expect(rows.first?.lastName == "Lewis, II")
        #expect(rows.first?.firstName == "D\"Andre")
    }

    @Test func namesAreStoredInNFC() throws {
        let rows = try read("student_id,last_name,first_name\n1234567,Nu\u{303}n\u{303}ez,Kai\n")
        #expect(rows.first?.lastName.unicodeScalars.count == 5)
    }

    @Test func everyBadRowIsNamedByLine() {
        let found = problems("""
            student_id,last_name,first_name,birth_date
            123456,Lee,Kai,
            1234567,,Kai,
            1234567,Lee,Kai,
            7654321,Lee,Kai,2012-02-30
            7654321,Lee,Kai,
            1111111,\(String(repeating: "x", count: 101)),Kai,
            2222222,Le\u{1}e,Kai,

            """)
        #expect(found.count == 5)
        #expect(found[0].hasPrefix("line 2: student_id"))
        #expect(found[1] == "line 3: last_name is empty")
        #expect(found[2].hasPrefix("line 5: birth_date"))
        #expect(found[3] == "line 7: last_name is longer than 100 characters")
        #expect(found[4].hasPrefix("line 8: contains a control character"))
    }

    @Test func missingRequiredColumnIsNamed() {
        #expect(problems("student_id,last_name\n1234567,Lee\n") == ["line 1: missing required column first_name"])
    }

    @Test func invalidUTF8IsNamedByLine() throws {
        let path = writeTemporaryFile("")
        try Data("student_id,last_name,first_name\n1234567,L\u{e9}e,Kai\n".utf8 + [0x31, 0xFF, 0x0A]).write(to: URL(fileURLWithPath: path))
        #expect(throws: RosterError(problems: ["line 3: not valid UTF-8 (save the file as UTF-8)"])) {
            try readAll(RosterSource(path: path))
        }
    }

    @Test func invalidUTF8PastTheFirstMebibyteIsNamedByItsLine() throws {
        let path = writeTemporaryFile("")
        let rows = String(repeating: "1234567,Núñez,Kai\n", count: 60_000)
        try Data(("student_id,last_name,first_name\n" + rows).utf8 + [0x31, 0xC3, 0x0A]).write(to: URL(fileURLWithPath: path))
        #expect(throws: RosterError(problems: ["line 60002: not valid UTF-8 (save the file as UTF-8)"])) {
            try readAll(RosterSource(path: path))
        }
    }

    @Test func problemsInManyBlocksAreNamedByTheirLinesInFileOrder() {
        var text = "student_id,last_name,first_name\n"
        var expected: [String] = []
        var line = 1
        for record in 1...140_000 {
            line += 1
            if record % 30_000 == 0 {
                text += "12,\"Lee\nLee\",Kai\n"
                expected.append("line \(line): contains a control character (such as a line break or tab)")
                line += 1
            } else {
                text += "1234567,Lee,Kai\n"
            }
        }
        #expect(problems(text) == expected)
    }

    @Test func characterAcrossTheMebibyteBoundaryIsValid() throws {
        var text = "student_id,last_name,first_name\n"
        let start = (1 << 20) - 1 - "1234567,Nu".utf8.count  // where the row whose "ñ" straddles the boundary starts
        while start - text.utf8.count > 100 { text += "1234567,Lee,Kai\n" }
        text += "1234567,\(String(repeating: "L", count: start - text.utf8.count - "1234567,,Kai\n".utf8.count)),Kai\n"
        text += "1234567,Nuñez,Kai\n"
        #expect(try read(text).last?.lastName == "Nuñez")
    }

    @Test func missingFileIsNamed() {
        #expect(throws: RosterError(problems: ["cannot read /nonexistent/roster.csv"])) {
            try RosterSource(path: "/nonexistent/roster.csv").open()
        }
    }

    @Test func recordWithAQuotedLineBreakCountsItsLines() {
        #expect(problems("student_id,last_name,first_name\n1234567,\"Lee\nLee\",Kai\n123,Lee,Kai\n")
                == ["line 2: contains a control character (such as a line break or tab)",
                    "line 4: student_id '123' is not exactly 7 digits"])
    }

    @Test func quotedLineBreakAcrossTheMebibyteBoundaryStaysInItsRecord() {
        var text = "student_id,last_name,first_name\n"
        while text.utf8.count < (1 << 20) - 100 { text += "1234567,Lee,Kai\n" }
        let lines = text.utf8.reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
        text += "1234567,\"\(String(repeating: "L", count: 200))\nLee\",Kai\n123,Lee,Kai\n"
        #expect(problems(text) == ["line \(lines + 1): contains a control character (such as a line break or tab)",
                                   "line \(lines + 3): student_id '123' is not exactly 7 digits"])
    }

    @Test func quoteNeverClosedIsNamedByItsLineWithoutReadingTheWholeFile() {
        let text = "student_id,last_name,first_name\n1234567,Lee,Kai\n1234568,\"Lee,Kai\n"
            + String(repeating: "1234569,Lee,Kai\n", count: (RosterBlocks.longestRecord >> 4) + 1000)
        #expect(problems(text) == ["line 3: a double quote (\") opens a field that is never closed "
                                   + "(quote a whole field, and write a quote inside one twice)"])
    }

    @Test func recordThatDoesNotEndIsPlacedAtItsOpeningQuote() {
        let found = RosterBlocks.recordTooLong(Array("a\nb,\"c\nd\ne".utf8))
        #expect(found.line == 1 && found.unclosedQuote)
    }

    @Test func blocksEndAfterTheLastLineBreakOutsideQuotes() {
        #expect(RosterBlocks.endOfLastRecord(in: Array("a,b\nc,\"d\ne".utf8)) == 4)
        #expect(RosterBlocks.endOfLastRecord(in: Array("a,\"b\"\"\nc\"".utf8)) == nil)
    }

    @Test func singleDigitGradeIsPadded() throws {
        #expect(try read("student_id,last_name,first_name,grade\n1234567,Lee,Kai,7\n").first?.grade == "07")
    }

    @Test func unknownGradeIsRefused() {
        #expect(problems("student_id,last_name,first_name,grade\n1234567,Lee,Kai,13\n").first?.hasPrefix("line 2: grade") == true)
    }

    @Test func gradesAreToldApartOnTheirBytesAsTheListHasThem() {
        let candidates = (0x20...0x7E).flatMap { a in (0x20...0x7E).map { b in String(decoding: [UInt8(a), UInt8(b)], as: UTF8.self) } }
        #expect(candidates.filter(RosterFile.isGrade) == candidates.filter(RosterFile.grades.contains))
    }

    @Test func controlCharactersAreExactlyUnicodesControlCategory() {
        let scalars = (0...0xFFFF).compactMap(Unicode.Scalar.init(_:) as (UInt32) -> Unicode.Scalar?)
        let control = scalars.filter { RosterFile.hasControlCharacter("a" + String($0)) }
        #expect(control == scalars.filter { $0.properties.generalCategory == .control })
    }

}
