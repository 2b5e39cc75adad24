import Foundation

/// The folder holding the files the server reads at run time: `migrations/`, `templates/`,
/// `static/`, `messages/` (the message catalogs) and `data/` (the demo roster). Found from `HOMEROOM_ROOT`, else the current
/// folder, else the folders above the executable (so `.build/debug/homeroom` finds its checkout).
public struct ResourceRoot: Sendable {
    public let path: String

    public init(path: String) { self.path = path }

    public var templates: String { path + "/templates" }
    public var staticFiles: String { path + "/static" }
    public var demoRoster: String { path + "/data/roster-demo.csv" }
    public var messages: String { path + "/messages" }

    /// A resource folder or file that is not there, said in one line.
    public struct Missing: Error, CustomStringConvertible {
        public let description: String
    }

    /// The database dialects, each with its folder of migrations (`migrations/sqlite`,
    /// `migrations/postgres`) numbered the same.
    public enum Dialect: String, Sendable {
        case sqlite, postgres
    }

    /// The schema of `dialect` as its store applies it: each migration file (`0001.sql`, …, in
    /// order) as a `-- migrate:N` block. A gap in the numbers is refused.
    public func schema(_ dialect: Dialect = .sqlite) throws -> String {
        let folder = path + "/migrations/" + dialect.rawValue
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
            throw Missing(description: "cannot read \(folder)")
        }
        var schema = ""
        for (index, name) in names.filter({ $0.hasSuffix(".sql") }).sorted().enumerated() {
            guard Int(name.dropLast(4)) == index + 1 else { throw Missing(description: "\(folder)/\(name): expected the number \(index + 1) (0001.sql, 0002.sql, …)") }
            guard let text = try? String(contentsOfFile: folder + "/" + name, encoding: .utf8) else {
                throw Missing(description: "cannot read \(folder)/\(name)")
            }
            schema += "-- migrate:\(index + 1)\n" + text + "\n"
        }
        return schema
    }

    public static func locate() throws -> ResourceRoot {
        let fm = FileManager.default
        func holds(_ dir: String) -> Bool {
            fm.fileExists(atPath: dir + "/migrations") && fm.fileExists(atPath: dir + "/templates")
        }
        if let env = ProcessInfo.processInfo.environment["HOMEROOM_ROOT"] {
            guard holds(env) else { throw Missing(description: "HOMEROOM_ROOT=\(env) has no migrations/ and templates/") }
            return ResourceRoot(path: env)
        }
        if holds(fm.currentDirectoryPath) { return ResourceRoot(path: fm.currentDirectoryPath) }
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            if holds(dir.path) { return ResourceRoot(path: dir.path) }
            dir.deleteLastPathComponent()
        }
        throw Missing(description: "cannot find migrations/ and templates/: run from the Homeroom folder or set HOMEROOM_ROOT")
    }
}
