import Foundation

/// A roster to import, named by its path: a roster CSV file, or a OneRoster export (a `.zip`, or
/// a folder holding `manifest.csv`). Sendable, so it can be handed to the thread that reads it;
/// `open` starts the reading.
public struct RosterSource: Sendable, Equatable {
    public let path: String

    public init(path: String) { self.path = path }

    /// A roster opened for import: its records, and what a OneRoster export says besides them.
    public struct Opened {
        public let records: any RosterRecords
        /// The export's reader when the roster is a OneRoster export (nil for a roster CSV).
        public let oneRoster: OneRosterReader?

        /// "CSV", or "OneRoster 1.1 bulk" and the like, for the counts' line.
        public var format: String {
            oneRoster.map { "OneRoster \($0.version) \($0.isBulk ? "bulk" : "delta")" } ?? "CSV"
        }
        /// A OneRoster bulk export lists every student: those it lacks are disabled.
        public var listsEveryStudent: Bool { oneRoster?.isBulk ?? false }
        /// A OneRoster delta does not, and its rows leave unsaid what the student has (`keepingUnsaid`).
        public var isDelta: Bool { oneRoster.map { !$0.isBulk } ?? false }
        /// Students the export marks to be disabled (OneRoster `tobedeleted`).
        public var deactivating: [String] { oneRoster?.deactivating ?? [] }
        /// The export's teachers as staff accounts, and why some cannot be.
        public var teachers: [Staff] { oneRoster?.teachers ?? [] }
        public var teacherProblems: [String] { oneRoster?.teacherProblems ?? [] }

        /// Starts reading the records on a thread of their own and gives what an import needs,
        /// which any task may take: a store reads the records from `feed` (and cancels it if it
        /// stops early).
        public func readAhead() -> ReadAhead {
            ReadAhead(feed: RosterReadAhead(records), format: format, listsEveryStudent: listsEveryStudent, isDelta: isDelta,
                      deactivating: deactivating, teachers: teachers)
        }
    }

    /// A roster being read ahead for import (`Opened.readAhead`).
    public struct ReadAhead: Sendable {
        public let feed: RosterReadAhead
        public let format: String
        public let listsEveryStudent: Bool
        public let isDelta: Bool
        public let deactivating: [String]
        public let teachers: [Staff]
    }

    /// Reads and checks what comes before the rows (the CSV's header; the whole of a OneRoster
    /// export, which is checked before any row is given). Blocking.
    public func open(oneRoster settings: OneRosterSettings = OneRosterSettings()) throws -> Opened {
        if OneRosterPackage.isPackage(path) {
            let reader = try OneRosterReader(path: path, settings: settings)
            return Opened(records: reader, oneRoster: reader)
        }
        var directory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &directory), directory.boolValue {
            throw RosterError(problems: ["\(path) is a folder without manifest.csv (a OneRoster export has one)"])
        }
        return Opened(records: try RosterReader(path: path), oneRoster: nil)
    }
}
