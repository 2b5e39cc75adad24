import ArgumentParser
import Foundation
import HomeroomCore

/// The `homeroom` command: the server and the district's administration commands.
@main
struct Homeroom: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "homeroom",
        abstract: "Student account claim and sign-in portal.",
        subcommands: [Serve.self, ImportRoster.self, SearchStudents.self, StaffCommand.self, ResetStudent.self,
                      ResetAllStudents.self, Unlock.self, EndSessions.self, LockCommand.self, CodesCommand.self, OIDCCommand.self, Audit.self,
                      Stats.self, HashPassword.self, HashRate.self, BadgeDecodeRate.self, Migrate.self, CopyDatabase.self])
}

/// `--config FILE` and `--db PATH`, shared by every command that opens the database.
struct DatabaseOption: ParsableArguments {
    @Option(help: "Configuration file (JSON; see README): its database, password rules and hash parameters.")
    var config: String?
    @Option(name: .customLong("db"), help: "The SQLite database (default: the configuration's databasePath, homeroom.sqlite; created if missing).")
    var path: String?
    @Option(name: .customLong("database-url"), help: "The database as a postgres:// URL (or a SQLite path): overrides the configuration's databaseURL.")
    var url: String?

    /// The configuration file's settings (or the defaults), with `--db` applied. Sets the
    /// process's umask to 077 first: whatever a command writes is its user's alone.
    func settings() throws -> AppConfig {
        umask(0o077)
        var settings = try config.map(AppConfig.load(path:)) ?? AppConfig()
        if let path {
            settings.databasePath = path
            settings.databaseURL = ""
        }
        if let url { settings.databaseURL = url }
        return settings
    }

    /// The configured store, opened and migrated (close it when done: PostgreSQL's pool).
    func open(root: ResourceRoot) async throws -> any HomeroomStore {
        let settings = try settings()
        try settings.validate()
        return try await StoreOpening.open(settings, root: root)
    }

    /// Runs `body` with the rule book the console uses, at the configured rules, and this
    /// command's actor (`cli:<system user>`); the hashing pool is stopped afterwards.
    func administering<T>(_ body: (AccountAdministration, Actor) async throws -> T) async throws -> T {
        try await withCore { core, actor in try await body(AccountAdministration(core: core), actor) }
    }

    /// Runs `body` with the core's services at the configured rules and this command's actor.
    func withCore<T>(_ body: (CoreServices, Actor) async throws -> T) async throws -> T {
        let settings = try settings()
        try settings.validate()
        let database = try await StoreOpening.open(settings, root: try ResourceRoot.locate())
        let pool = BlockingPool(threads: 1, queueLimit: 4)
        do {
            let core = try await CoreServices(config: settings, database: database, pool: pool)
            let result = try await body(core, .commandLine(user: ProcessInfo.processInfo.userName))
            try await pool.shutdown()
            await database.close()
            return result
        } catch {
            try? await pool.shutdown()
            await database.close()
            throw error
        }
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

/// The student ID of a username (`s1234567`) or of an ID typed as it is.
func studentID(_ username: String) throws -> String {
    let name = username.lowercased()
    guard let id = StudentUsername.studentID(name) ?? StudentUsername.studentID(StudentUsername.of(name)) else {
        throw ValidationError("'\(username)' is not a student username (s + 7 digits)")
    }
    return id
}
