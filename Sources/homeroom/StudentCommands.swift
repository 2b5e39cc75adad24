import ArgumentParser
import Foundation
import HomeroomCore

/// `homeroom reset-student USERNAME`: one student back to unclaimed.
struct ResetStudent: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reset-student",
        abstract: "Return one student's account to unclaimed (password and answers erased, sessions ended).")

    @Argument(help: "The student's username (s + student ID) or student ID.") var username: String
    @OptionGroup var database: DatabaseOption

    func run() async throws {
        try await failing {
            let id = try studentID(username)
            guard try await database.administering({ try await $0.resetClaim(studentID: id, by: $1) }) else {
                throw ValidationError("no student with ID \(id)")
            }
            print("\(StudentUsername.of(id)) is unclaimed again")
        }
    }
}

/// `homeroom reset-all-students --yes`: the new school year.
struct ResetAllStudents: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reset-all-students",
        abstract: "New school year: every student account back to unclaimed, in one transaction. Staff are untouched.")

    @Flag(help: "Confirm: without it nothing is changed.") var yes = false
    @OptionGroup var database: DatabaseOption

    func run() async throws {
        try await failing {
            guard yes else { throw ValidationError("this resets every student account; run again with --yes to confirm") }
            let (claimed, total) = try await database.administering { try await $0.resetAllStudents(by: $1) }
            print("Reset \(claimed) claimed student accounts to unclaimed (\(total) students in all); staff untouched")
        }
    }
}

/// `homeroom stats`: claimed and unclaimed accounts per school and grade.
struct Stats: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Claimed and unclaimed accounts per school and grade.")
    @OptionGroup var database: DatabaseOption

    func run() async throws {
        try await failing {
            let store = try await database.open(root: try ResourceRoot.locate())
            print("school\tgrade\tclaimed\tunclaimed\tdisabled")
            for row in try await store.claimStats() {
                print("\(row.school)\t\(row.grade)\t\(row.claimed)\t\(row.unclaimed)\t\(row.disabled)")
            }
        }
    }
}

/// `homeroom audit [--user USERNAME] [--since ISO8601] [--csv]`.
struct Audit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the audit log, oldest first.")
    @Option(help: "Only events about or by this username (or student ID).") var user: String?
    @Option(help: "Only events at or after this time (2026-09-01 or 2026-09-01T08:00:00Z).") var since: String?
    @Flag(help: "Print CSV (RFC 4180) instead of tab-separated lines.") var csv = false
    @OptionGroup var database: DatabaseOption

    func run() async throws {
        try await failing {
            let from = try since.map { text in
                guard let date = ISO8601Date.parse(text) else { throw ValidationError("--since must be a date like 2026-09-01, not '\(text)'") }
                return date
            }
            let store = try await database.open(root: try ResourceRoot.locate())
            let events = try await store.auditLog(user: user?.lowercased(), since: from)
            if csv {
                print(AuditCSV.render(events), terminator: "")
                return
            }
            for event in events {
                let fields = [event.at.formatted(.iso8601), event.clientAddress, event.actor ?? "-", event.action.rawValue,
                              event.subject ?? "-", event.outcome.rawValue, event.reason ?? ""]
                print(fields.joined(separator: "\t"))
            }
        }
    }
}
