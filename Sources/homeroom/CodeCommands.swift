import ArgumentParser
import Foundation
import HomeroomCore

/// `homeroom codes issue|revoke`: one-time claim and reset codes for mail merges and help desks.
struct CodesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "codes", abstract: "Issue or revoke one-time claim and reset codes.",
                                                    subcommands: [Issue.self, Revoke.self])

    /// `homeroom codes issue USERNAME… | --homeroom NAME | --school S --grade G`: prints CSV.
    struct Issue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Issue codes (claim codes to unclaimed students, reset codes to claimed ones), replacing any unused; prints CSV.")
        @Argument(help: "Students' usernames (s + student ID) or student IDs.") var usernames: [String] = []
        @Option(help: "Every active student of this homeroom teacher (as the roster names them).") var homeroom: String?
        @Option(help: "With --grade: every active student of this school and grade.") var school: String?
        @Option(help: "With --school: the grade (PK, KG, 01 to 12).") var grade: String?
        @OptionGroup var database: DatabaseOption

        func run() async throws {
            try await failing {
                let chosen = [!usernames.isEmpty, homeroom != nil, school != nil || grade != nil].filter { $0 }.count
                guard chosen == 1, (school == nil) == (grade == nil) else {
                    throw ValidationError("name the students: usernames, or --homeroom NAME, or --school S --grade G")
                }
                let csv = try await database.withCore { core, actor in
                    let ids = try await studentIDs(core.database)
                    return IssuedCodesCSV.render(try await CodeOperations(core: core).issue(ids, by: actor))
                }
                print(csv, terminator: "")
            }
        }

        /// The students named; an unknown or disabled one is refused before anything is issued.
        func studentIDs(_ database: any HomeroomStore) async throws -> [String] {
            if let homeroom { return try await database.homeroom(teacher: homeroom).map(\.studentID) }
            if let school, let grade { return try await database.activeStudentIDs(school: school, grade: grade) }
            var ids: [String] = []
            for username in usernames {
                let id = try studentID(username)
                guard let student = try await database.student(id: id), student.active else {
                    throw ValidationError("no active student \(StudentUsername.of(id))")
                }
                ids.append(id)
            }
            return ids
        }
    }

    /// `homeroom codes revoke USERNAME…`
    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke the students' unused codes.")
        @Argument(help: "Students' usernames (s + student ID) or student IDs.") var usernames: [String]
        @OptionGroup var database: DatabaseOption

        func run() async throws {
            try await failing {
                let ids = try usernames.map(studentID)
                let revoked = try await database.withCore { try await CodeOperations(core: $0).revoke(ids, by: $1) }
                print(revoked.isEmpty ? "No unused codes to revoke."
                                      : "Revoked the codes of " + revoked.map(StudentUsername.of).joined(separator: ", "))
            }
        }
    }
}
