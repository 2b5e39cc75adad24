import ArgumentParser
import Foundation
import HomeroomCore

/// `homeroom import-roster FILE [--deactivate-missing] [--with-teachers] [--dry-run]`: a roster CSV, or a OneRoster
/// export (a `.zip`, or a folder holding `manifest.csv`).
struct ImportRoster: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-roster",
        abstract: "Import the student roster (a roster CSV, or a OneRoster export: .zip or folder); all or nothing.")

    @Argument(help: "The roster CSV file, or a OneRoster export (.zip, or a folder holding manifest.csv).") var file: String
    @Flag(help: "Disable active students the file does not list (they come back when listed again; a OneRoster bulk export always does).")
    var deactivateMissing = false
    @Flag(help: "Also make the OneRoster export's teachers staff accounts with the teacher role (no password: PAM).")
    var withTeachers = false
    @Flag(help: "Check the file and print the counts and problems, writing nothing.") var dryRun = false
    @OptionGroup var database: DatabaseOption

    func run() async throws {
        try await failing {
            let counts = try await database.administering { administration, actor in
                try await administration.importRoster(RosterSource(path: file), deactivateMissing: deactivateMissing,
                                                      withTeachers: withTeachers, dryRun: dryRun,
                                                      by: actor)
            }
            print(dryRun ? "Dry run, nothing written: would import \(counts.rows) students: \(counts)"
                  : "Imported \(counts.rows) students: \(counts)")
        }
    }
}
