import Foundation

/// The folder holding the files the server reads at run time: `schema.sql`, `templates/`,
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

    /// The text of `schema.sql`.
    public func schema() throws -> String {
        do {
            return try String(contentsOfFile: path + "/schema.sql", encoding: .utf8)
        } catch {
            throw Missing(description: "cannot read \(path)/schema.sql")
        }
    }

    public static func locate() throws -> ResourceRoot {
        let fm = FileManager.default
        func holds(_ dir: String) -> Bool {
            fm.fileExists(atPath: dir + "/schema.sql") && fm.fileExists(atPath: dir + "/templates")
        }
        if let env = ProcessInfo.processInfo.environment["HOMEROOM_ROOT"] {
            guard holds(env) else { throw Missing(description: "HOMEROOM_ROOT=\(env) has no schema.sql and templates/") }
            return ResourceRoot(path: env)
        }
        if holds(fm.currentDirectoryPath) { return ResourceRoot(path: fm.currentDirectoryPath) }
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            if holds(dir.path) { return ResourceRoot(path: dir.path) }
            dir.deleteLastPathComponent()
        }
        throw Missing(description: "cannot find schema.sql and templates/: run from the Homeroom folder or set HOMEROOM_ROOT")
    }
}
