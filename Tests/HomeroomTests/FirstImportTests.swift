import Foundation
import Testing
@testable import HomeroomCore

/// A district's first import writes its rows straight into the students; when another process
/// adds a student while the file is read, the import merges instead.
@Suite struct FirstImportTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    /// A roster whose first record is handed over only after `before` has run.
    final class RosterReadAfter: RosterRecords {
        private var entries: [RosterEntry]
        private var before: (() throws -> Void)?

        init(_ studentIDs: [String], before: @escaping () throws -> Void) {
            entries = studentIDs.enumerated().map { index, studentID in
                .row(RosterRow(studentID: studentID, lastName: "Lee", firstName: "Kai", middleName: "", birthDate: nil, grade: "07",
                               school: nil, homeroomTeacher: nil), line: index + 2)
            }
            self.before = before
        }

        func next() throws -> RosterEntry? {
            if let before {
                self.before = nil
                try before()
            }
            return entries.isEmpty ? nil : entries.removeFirst()
        }
    }

    @Test func aStudentAddedWhileTheFileIsReadIsKeptAndTheRosterMerged() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("first-import-\(UUID().uuidString).sqlite").path
        let importing = try AppDatabase.open(path: path, schema: packageRoot.schema())
        let other = try AppDatabase.open(path: path, schema: packageRoot.schema())
        let roster = RosterReadAfter(["1000001", "1000002"]) {
            _ = try other.importRoster(csv: "student_id,last_name,first_name\n7654321,Ortega,Ana\n", at: now)
        }
        let counts = try importing.importRoster(roster, deactivateMissing: false, at: now) { _ in .test(.importRoster) }
        #expect(counts.added == 2)
        #expect(try await importing.searchStudents("ortega").map(\.studentID) == ["7654321"])
        #expect(try await importing.searchStudents("lee").map(\.studentID) == ["1000001", "1000002"])
    }
}
