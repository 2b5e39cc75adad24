import ArgumentParser
import Foundation
import HomeroomCore
import Hummingbird

/// `homeroom serve [--host H] [--port N] [--config FILE] [--demo]`.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the portal (default http://127.0.0.1:8080).")

    @Option(help: "Address to listen on (default 127.0.0.1).") var host: String?
    @Option(help: "Port to listen on (default 8080).") var port: Int?
    @Option(help: "Configuration file (JSON; see README).") var config: String?
    @Flag(help: "Seed the database with the bundled sample roster and print students to try.") var demo = false
    @OptionGroup var database: DatabaseOption

    func run() async throws {
        let (settings, root) = try await failing {
            var settings = try config.map(AppConfig.load(path:)) ?? AppConfig()
            if let host { settings.host = host }
            if let port { settings.port = port }
            if let path = database.path { settings.databasePath = path }
            try settings.validate()
            let root = try ResourceRoot.locate()
            if demo { try seedDemo(settings: settings, root: root) }
            return (settings, root)
        }
        let app = try await failing { try await buildApplication(config: settings, root: root) }
        print("Homeroom is serving on http://\(settings.host):\(settings.port)")
        fflush(nil)
        try await app.runService()
    }

    func seedDemo(settings: AppConfig, root: ResourceRoot) throws {
        let store = try AppDatabase.open(path: settings.databasePath, schema: root.schema())
        let rows = try RosterFile.read(path: root.demoRoster)
        let counts = try store.importRoster(rows, deactivateMissing: false, at: Date())
        print("Demo roster imported into \(settings.databasePath): \(counts)")
        print("Students you can claim at http://\(settings.host):\(settings.port)/claim :")
        for student in try store.unclaimedStudents(count: 5) {
            print("  Last Name: \(student.lastName)   First Name: \(student.firstName)   Student ID: \(student.studentID)")
        }
        fflush(nil)
    }
}
