import ArgumentParser
import Foundation
import HomeroomCore
import HomeroomWeb
import Hummingbird

/// `homeroom serve [--host H] [--port N] [--config FILE] [--demo]`.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the portal (default http://127.0.0.1:8080).")

    @Option(help: "Address to listen on (default 127.0.0.1).") var host: String?
    @Option(help: "Port to listen on (default 8080).") var port: Int?
    @Flag(help: "Seed the database with the bundled sample roster and print students to try.") var demo = false
    @OptionGroup var database: DatabaseOption

    func run() async throws {
        let (settings, root) = try await failing {
            var settings = try database.settings()
            if let host { settings.host = host }
            if let port { settings.port = port }
            try settings.validate()
            let root = try ResourceRoot.locate()
            if demo { try await seedDemo(settings: settings, root: root) }
            return (settings, root)
        }
        let app = try await failing { try await buildApplication(config: settings, root: root) }
        print("Homeroom is serving on http://\(settings.host):\(settings.port)")
        fflush(nil)
        try await app.runService()
    }

    func seedDemo(settings: AppConfig, root: ResourceRoot) async throws {
        let roster = RosterSource(path: root.demoRoster)
        let counts = try await database.administering { try await $0.importRoster(roster, deactivateMissing: false, by: $1) }
        let store = try await database.open(root: root)
        print("Demo roster imported into \(settings.databasePath): \(counts)")
        print("Students you can claim at http://\(settings.host):\(settings.port)/claim :")
        for student in try await store.unclaimedStudents(count: 5) {
            print("  Last Name: \(student.lastName)   First Name: \(student.firstName)   Student ID: \(student.studentID)")
        }
        fflush(nil)
    }
}
