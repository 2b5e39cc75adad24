import Foundation
import Testing
@testable import HomeroomCore

/// Reading and checking the SIS's roster CSV.
@Suite struct RosterFileTests {
    func read(_ text: String) throws -> [RosterRow] {
        try RosterFile.read(path: writeTemporaryFile(text))
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

    @Test func duplicateIDIsNamedWithItsFirstLine() {
        #expect(problems("student_id,last_name,first_name\n1234567,Lee,Kai\n1234567,Lee,Kim\n")
                == ["line 3: duplicate student_id 1234567 (first on line 2)"])
    }

    @Test func missingRequiredColumnIsNamed() {
        #expect(problems("student_id,last_name\n1234567,Lee\n") == ["line 1: missing required column first_name"])
    }

    @Test func invalidUTF8IsNamedByLine() throws {
        let path = writeTemporaryFile("")
        try Data("student_id,last_name,first_name\n1234567,L\u{e9}e,Kai\n".utf8 + [0x31, 0xFF, 0x0A]).write(to: URL(fileURLWithPath: path))
        #expect(throws: RosterError(problems: ["line 3: not valid UTF-8 (save the file as UTF-8)"])) {
            try RosterFile.read(path: path)
        }
    }

    @Test func singleDigitGradeIsPadded() throws {
        #expect(try read("student_id,last_name,first_name,grade\n1234567,Lee,Kai,7\n").first?.grade == "07")
    }

    @Test func unknownGradeIsRefused() {
        #expect(problems("student_id,last_name,first_name,grade\n1234567,Lee,Kai,13\n").first?.hasPrefix("line 2: grade") == true)
    }
}
