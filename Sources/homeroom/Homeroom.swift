import ArgumentParser
import Foundation
import HomeroomCore

/// The `homeroom` command: the server and the district's administration commands.
@main
struct Homeroom: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "homeroom",
        abstract: "Student account claim and sign-in portal.",
        subcommands: [Serve.self, ImportRoster.self, StaffCommand.self, ResetStudent.self, ResetAllStudents.self,
                      Unlock.self, Audit.self, Stats.self, HashPassword.self, HashRate.self])
}

/// `--db PATH`, shared by every command.
struct DatabaseOption: ParsableArguments {
    @Option(name: .customLong("db"), help: "The SQLite database (default: homeroom.sqlite; created if missing).")
    var path: String?

    func open(root: ResourceRoot, default fallback: String = "homeroom.sqlite") throws -> AppDatabase {
        try AppDatabase.open(path: path ?? fallback, schema: root.schema())
    }
}

/// Runs `body`; any error becomes one line on standard error and exit status 1.
func failing<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as RosterError {
        FileHandle.standardError.write(Data("homeroom: roster not imported: \(error.problems.count) bad row(s); nothing was changed\n".utf8))
        for problem in error.problems { FileHandle.standardError.write(Data("  \(problem)\n".utf8)) }
        throw ExitCode(1)
    } catch let error as ExitCode {
        throw error
    } catch {
        FileHandle.standardError.write(Data("homeroom: \(error)\n".utf8))
        throw ExitCode(1)
    }
}
