import ArgumentParser
import Foundation
import HomeroomCore

/// `homeroom import-roster FILE.csv [--deactivate-missing]`.
struct ImportRoster: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-roster",
        abstract: "Import the student roster from the SIS's CSV export; all or nothing.")

    @Argument(help: "The roster CSV file.") var file: String
    @Flag(help: "Disable active students the file does not list (they come back when listed again).")
    var deactivateMissing = false
    @OptionGroup var database: DatabaseOption

    func run() async throws {
        try await failing {
            let counts = try await database.administering { administration, actor in
                try await administration.importRoster(RosterSource(path: file), deactivateMissing: deactivateMissing, by: actor)
            }
            print("Imported \(counts.rows) students: \(counts)")
        }
    }
}
