import ArgumentParser
import Foundation
import HomeroomCore

/// `homeroom search-students QUERY… [--time] [--repeat N]`: the technician console's search, from
/// the command line (the same store query), and how long it takes (for `make bench`).
struct SearchStudents: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search-students",
        abstract: "Search students as the technician console does: each word starts a name word, or the student ID.")

    @Argument(help: "One search per argument (quote a search of several words).") var queries: [String]
    @Flag(help: "Print each search's milliseconds instead of its students.") var time = false
    @Option(help: "With --time: run each search this many times.") var `repeat` = 1
    @OptionGroup var database: DatabaseOption

    func run() async throws {
        try await failing {
            let store = try await database.open(root: try ResourceRoot.locate())
            for query in queries {
                if time {
                    var found = 0
                    var runs: [String] = []
                    for _ in 0..<max(1, `repeat`) {
                        let start = ContinuousClock.now
                        found = try await store.searchStudents(query).count
                        let elapsed = ContinuousClock.now - start
                        runs.append(String(format: "%.3f", Double(elapsed.components.attoseconds) / 1e15
                                                               + Double(elapsed.components.seconds) * 1000))
                    }
                    print("\(query)\t\(found)\t\(runs.joined(separator: " "))")
                } else {
                    for student in try await store.searchStudents(query) {
                        print("\(student.studentID)\t\(student.lastName)\t\(student.firstName)\t\(student.state)")
                    }
                }
            }
        }
    }
}
