import CSV
import Foundation

/// One student as the roster file gives them, already checked and normalised (trimmed, NFC).
public struct RosterRow: Sendable, Equatable {
    public var studentID: String
    public var lastName: String
    public var firstName: String
    public var middleName: String
    public var birthDate: String?
    public var grade: String?
    public var school: String?
    public var homeroomTeacher: String?
}

/// A roster file that cannot be imported; `problems` names every bad row by line.
public struct RosterError: Error, CustomStringConvertible, Equatable {
    public let problems: [String]
    public var description: String {
        let rows = problems.count == 1 ? "1 problem" : "\(problems.count) problems"
        return "roster not imported (\(rows)): " + problems.joined(separator: "; ")
    }
}

/// Reads a roster CSV (see docs/roster-csv.md): UTF-8 with optional BOM, RFC 4180, header row
/// with the standard names or Infinite Campus aliases, and checks every row.
public enum RosterFile {
    static let aliases: [String: String] = [
        "student_id": "student_id", "studentnumber": "student_id",
        "last_name": "last_name", "lastname": "last_name",
        "first_name": "first_name", "firstname": "first_name",
        "middle_name": "middle_name", "middlename": "middle_name",
        "birth_date": "birth_date", "birthdate": "birth_date",
        "grade": "grade",
        "school": "school", "schoolname": "school",
        "homeroom_teacher": "homeroom_teacher", "homeroomteacher": "homeroom_teacher",
    ]
    static let required = ["student_id", "last_name", "first_name"]
    static let grades: Set<String> = ["PK", "KG", "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12"]
    static let maxNameLength = 100

    /// Reads and checks the whole file; throws `RosterError` listing every problem.
    public static func read(path: String) throws -> [RosterRow] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RosterError(problems: ["cannot read \(path)"])
        }
        let reader: CSVReader
        do {
            reader = try CSVReader(string: try text(of: data), hasHeaderRow: false)
        } catch let error as RosterError {
            throw error
        } catch {
            throw RosterError(problems: ["cannot read \(path): \(error)"])
        }
        guard let header = reader.next() else { throw RosterError(problems: ["the file is empty"]) }
        var line = 1 + newlines(in: header)
        var columns: [String: Int] = [:]
        for (index, name) in header.enumerated() {
            let key = name.trimmingCharacters(in: .whitespaces).lowercased()
            if let canonical = aliases[key], columns[canonical] == nil { columns[canonical] = index }
        }
        let missing = required.filter { columns[$0] == nil }
        if !missing.isEmpty {
            throw RosterError(problems: ["line 1: missing required column \(missing.joined(separator: ", "))"])
        }
        var rows: [RosterRow] = []
        var problems: [String] = []
        var firstLineOfID: [String: Int] = [:]
        while let fields = reader.next() {
            line += 1
            defer { line += newlines(in: fields) }
            if fields.count == 1 && fields[0].isEmpty { continue }
            switch check(fields, columns: columns, header: header.count) {
            case .failure(let problem):
                problems.append("line \(line): \(problem.reason)")
            case .success(let row):
                if let first = firstLineOfID[row.studentID] {
                    problems.append("line \(line): duplicate student_id \(row.studentID) (first on line \(first))")
                } else {
                    firstLineOfID[row.studentID] = line
                    rows.append(row)
                }
            }
        }
        if !problems.isEmpty { throw RosterError(problems: problems) }
        return rows
    }

    struct RowProblem: Error { let reason: String }

    static func check(_ fields: [String], columns: [String: Int], header: Int) -> Result<RosterRow, RowProblem> {
        if fields.count > header {
            return .failure(RowProblem(reason: "has \(fields.count) fields but the header has \(header)"))
        }
        if fields.contains(where: hasControlCharacter) {
            return .failure(RowProblem(reason: "contains a control character (such as a line break or tab)"))
        }
        var values: [String: String] = [:]
        for (column, index) in columns where index < fields.count {
            values[column] = canonical(fields[index])
        }
        func value(_ column: String) -> String { values[column] ?? "" }
        let id = value("student_id")
        guard id.count == 7, id.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }) else {
            return .failure(RowProblem(reason: "student_id '\(id.prefix(20))' is not exactly 7 digits"))
        }
        for column in ["last_name", "first_name", "middle_name"] {
            let name = value(column)
            if name.isEmpty && column != "middle_name" { return .failure(RowProblem(reason: "\(column) is empty")) }
            if name.count > maxNameLength {
                return .failure(RowProblem(reason: "\(column) is longer than \(maxNameLength) characters"))
            }
        }
        let birthDate = value("birth_date")
        if !birthDate.isEmpty && !isCalendarDate(birthDate) {
            return .failure(RowProblem(reason: "birth_date '\(birthDate.prefix(20))' is not a date like 2012-04-09"))
        }
        var grade = value("grade").uppercased()
        if grade.count == 1, grade.first!.isNumber { grade = "0" + grade }
        if !grade.isEmpty && !grades.contains(grade) {
            return .failure(RowProblem(reason: "grade '\(grade.prefix(10))' is not one of PK, KG, 01 to 12"))
        }
        for column in ["school", "homeroom_teacher"] where value(column).count > 200 {
            return .failure(RowProblem(reason: "\(column) is longer than 200 characters"))
        }
        func optional(_ s: String) -> String? { s.isEmpty ? nil : s }
        return .success(RosterRow(
            studentID: id, lastName: value("last_name"), firstName: value("first_name"),
            middleName: value("middle_name"), birthDate: optional(birthDate), grade: optional(grade),
            school: optional(value("school")), homeroomTeacher: optional(value("homeroom_teacher"))))
    }

    /// Trimmed of spaces and in Unicode NFC; ASCII, the common case, is already NFC.
    static func canonical(_ field: String) -> String {
        let trimmed = field.first?.isWhitespace == true || field.last?.isWhitespace == true
            ? field.trimmingCharacters(in: .whitespaces) : field
        return trimmed.utf8.allSatisfy { $0 < 0x80 } ? trimmed : trimmed.precomposedStringWithCanonicalMapping
    }

    static func hasControlCharacter(_ field: String) -> Bool {
        if field.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return false }
        return field.unicodeScalars.contains { $0.properties.generalCategory == .control }
    }

    /// The file as text without its byte-order mark; invalid UTF-8 is named by line.
    static func text(of data: Data) throws -> String {
        let bytes = data.starts(with: [0xEF, 0xBB, 0xBF]) ? data.dropFirst(3) : data[...]
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        let bad = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated()
            .filter { String(validating: $0.element, as: UTF8.self) == nil }
            .map { "line \($0.offset + 1): not valid UTF-8 (save the file as UTF-8)" }
        throw RosterError(problems: bad)
    }

    static func isCalendarDate(_ s: String) -> Bool {
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]), (1...12).contains(m) else { return false }
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
        return (1...days).contains(d)
    }

    static func newlines(in fields: [String]) -> Int {
        fields.reduce(0) { $0 + $1.reduce(0) { $1 == "\n" || $1 == "\r\n" ? $0 + 1 : $0 } }
    }
}
