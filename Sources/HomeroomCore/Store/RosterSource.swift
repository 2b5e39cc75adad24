import Foundation

/// A roster to import, named by its path: a roster CSV file, or a OneRoster export (a `.zip`, or
/// a folder holding `manifest.csv`). Sendable, so it can be handed to the thread that reads it;
/// `open` starts the reading.
public struct RosterSource: Sendable, Equatable {
    public let path: String

    public init(path: String) { self.path = path }

    /// A roster opened for import: its records, and whom the import disables besides.
    public struct Opened {
        public let records: any RosterRecords
        /// "CSV", or "OneRoster 1.1 bulk" and the like, for the counts' line.
        public let format: String
        /// A OneRoster bulk export lists every student: those it lacks are disabled. A delta
        /// does not, and its rows leave unsaid what the student has (`keepingUnsaid`).
        public let listsEveryStudent: Bool
        public let isDelta: Bool
        /// Students the export marks to be disabled (OneRoster `tobedeleted`).
        public let deactivating: [String]
        /// The export's teachers as staff accounts (OneRoster; empty for a roster CSV).
        public let teachers: [Staff]
        /// Why some of those teachers cannot be staff accounts.
        public let teacherProblems: [String]
    }

    /// Reads and checks what comes before the rows (the CSV's header; the whole of a OneRoster
    /// export, which is checked before any row is given). Blocking.
    public func open(oneRoster settings: OneRosterSettings = OneRosterSettings()) throws -> Opened {
        var directory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &directory), directory.boolValue, !OneRosterPackage.isPackage(path) {
            throw RosterError(problems: ["\(path) is a folder without manifest.csv (a OneRoster export has one)"])
        }
        guard OneRosterPackage.isPackage(path) else {
            return Opened(records: try RosterReader(path: path), format: "CSV", listsEveryStudent: false, isDelta: false, deactivating: [], teachers: [],
                          teacherProblems: [])
        }
        let reader = try OneRosterReader(path: path, settings: settings)
        return Opened(records: reader, format: "OneRoster \(reader.version) \(reader.isBulk ? "bulk" : "delta")",
                      listsEveryStudent: reader.isBulk, isDelta: !reader.isBulk, deactivating: reader.deactivating, teachers: reader.teachers,
                      teacherProblems: reader.teacherProblems)
    }
}
