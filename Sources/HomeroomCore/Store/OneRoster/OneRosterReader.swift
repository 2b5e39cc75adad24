import Foundation

/// The students of a OneRoster export (`OneRosterPackage`), as roster records for the same
/// all-or-nothing import a roster CSV gets. Students are users whose role is `student` (1.1:
/// `users.csv`'s `role`; 1.2: their primary role in `roles.csv`); the 7-digit student ID comes
/// from the field `OneRosterSettings.studentID` names; the school is the name in `orgs.csv` of
/// the school of their homeroom class (else their own org); the homeroom teacher is the teacher
/// enrolled in the class of `classType` `homeroom` the student is enrolled in; the birth date
/// comes from `demographics.csv` when there is one. Users `tobedeleted` (or not `enabledUser`)
/// are to be disabled. Every problem is found before any row is given, each named by file and
/// line, and thrown together as a `RosterError`.
public final class OneRosterReader: RosterRecords {
    /// The export's OneRoster version, `1.1` or `1.2`.
    public let version: String
    /// Whether `users.csv` is a bulk file (students it lacks are disabled) or a delta.
    public let isBulk: Bool
    /// The student IDs of users marked `tobedeleted` or not enabled.
    public let deactivating: [String]
    /// The export's active teachers, as staff accounts with the teacher role (no password: they
    /// sign in through PAM or are given one), for `import-roster --with-teachers`.
    public let teachers: [Staff]
    /// Why some teachers cannot be staff accounts (named by line), if any.
    public let teacherProblems: [String]
    private var rows: [(RosterRow, line: Int)]
    private var position = 0

    public init(path: String, settings: OneRosterSettings) throws {
        let package = try OneRosterPackage(path: path)
        version = package.manifest.version
        let usersMode = package.manifest.mode(of: "users")
        guard usersMode == "bulk" || usersMode == "delta", let users = try package.table("users.csv") else {
            throw RosterError(problems: ["manifest.csv: users.csv must be given (bulk or delta); it is \(usersMode)"])
        }
        isBulk = usersMode == "bulk"
        var graph = try OneRosterGraph(package)
        graph.usersAreBulk = isBulk
        (rows, deactivating, teachers) = try graph.students(from: users, settings: settings)
        teacherProblems = graph.teacherProblems
    }

    public func next() throws -> RosterEntry? {
        guard position < rows.count else { return nil }
        defer { position += 1 }
        return .row(rows[position].0, line: rows[position].line)
    }
}

/// What the other files of an export say about users: schools, homeroom classes and their
/// teachers, roles (1.2) and birth dates. Read whole (a few maps, small beside the users).
struct OneRosterGraph {
    var problems: [String] = []
    /// Teachers who cannot become staff accounts: a problem only when they are asked to.
    var teacherProblems: [String] = []
    /// Org sourcedId → name.
    var orgs: [String: String] = [:]
    /// Every class's sourcedId → its school's sourcedId; `homerooms` holds those of classType homeroom.
    var classes: [String: String] = [:]
    var homerooms: Set<String> = []
    /// Student user sourcedId → homeroom class; homeroom class → teacher user sourcedId.
    var studentHomeroom: [String: String] = [:]
    var homeroomTeacher: [String: String] = [:]
    /// User sourcedId → (role, org) from 1.2's roles.csv (the primary role wins).
    var roles: [String: (role: String, org: String, primary: Bool)] = [:]
    var birthDates: [String: String] = [:]
    /// Enrollments to check against users.csv once it is read: (line, user sourcedId).
    var enrolledUsers: [(line: Int, user: String)] = []

    init(_ package: OneRosterPackage) throws {
        if let table = try package.table("orgs.csv") {
            try table.rows(required: ["sourcedId", "name"]) { orgs[$0["sourcedId"]] = $0["name"] }
        }
        if let table = try package.table("classes.csv") {
            try table.rows(required: ["sourcedId", "classType", "schoolSourcedId"]) { row in
                classes[row["sourcedId"]] = row["schoolSourcedId"]
                if row["classType"].lowercased() == "homeroom" { homerooms.insert(row["sourcedId"]) }
            }
        }
        if let table = try package.table("roles.csv") {
            try table.rows(required: ["userSourcedId", "role"]) { row in
                let primary = row["roleType"].lowercased() != "secondary"
                // A primary role stands; a secondary one counts only for a user with no role yet.
                if let known = roles[row["userSourcedId"]], known.primary || !primary { return }
                roles[row["userSourcedId"]] = (row["role"].lowercased(), row["orgSourcedId"], primary)
            }
        }
        if let table = try package.table("enrollments.csv") {
            try readEnrollments(table, checkClasses: try package.table("classes.csv") != nil)
        }
        if let table = try package.table("demographics.csv") {
            try table.rows(required: ["sourcedId", "birthDate"]) { row in
                if !row["birthDate"].isEmpty { birthDates[row["sourcedId"]] = String(row["birthDate"].prefix(10)) }
            }
        }
    }

    mutating func readEnrollments(_ table: OneRosterTable, checkClasses: Bool) throws {
        try table.rows(required: ["classSourcedId", "userSourcedId", "role"]) { row in
            guard row["status"].lowercased() != "tobedeleted" else { return }
            let classID = row["classSourcedId"], user = row["userSourcedId"]
            if checkClasses && classes[classID] == nil {
                problems.append("enrollments.csv line \(row.line): class '\(classID.prefix(60))' is not in classes.csv")
                return
            }
            enrolledUsers.append((row.line, user))
            guard homerooms.contains(classID) else { return }
            switch row["role"].lowercased() {
            case "student": studentHomeroom[user] = classID
            case "teacher" where homeroomTeacher[classID] == nil || row["primary"].lowercased() == "true":
                homeroomTeacher[classID] = user
            default: break
            }
        }
    }

    /// The students of `users` as checked roster rows, and the IDs to disable; throws every
    /// problem of the export at once.
    mutating func students(from users: OneRosterTable, settings: OneRosterSettings) throws
        -> (rows: [(RosterRow, line: Int)], deactivating: [String], teachers: [Staff]) {
        var teacherNames: [String: String] = [:], teachers: [Staff] = []
        var candidates: [(OneRosterTable.Row, id: String)] = []
        var known: Set<String> = []
        // Without 1.2's roles.csv, users.csv must say each user's role.
        let required = ["sourcedId", "givenName", "familyName"] + (roles.isEmpty ? ["role"] : [])
        try users.rows(required: required) { row in
            let sourcedID = row["sourcedId"]
            known.insert(sourcedID)
            let role = roles[sourcedID]?.role ?? row["role"].lowercased()
            if role == "teacher" {
                let name = "\(row["givenName"]) \(row["familyName"])"
                teacherNames[sourcedID] = name
                if let teacher = teacher(row, name: name) { teachers.append(teacher) }
            }
            guard role == "student" else { return }
            candidates.append((row, Self.studentID(of: row, settings.studentID)))
        }
        if usersAreBulk {
            for (line, user) in enrolledUsers where !known.contains(user) {
                problems.append("enrollments.csv line \(line): user '\(user.prefix(60))' is not in users.csv")
            }
        }
        if candidates.isEmpty && usersAreBulk {
            // A bulk file without students would disable the whole district: surely a wrong file.
            problems.append("users.csv: no user has the role student (a bulk file without students would disable every student)")
        }
        var rows: [(RosterRow, line: Int)] = [], deactivating: [String] = [], seen: [String: Int] = [:]
        for (row, id) in candidates {
            let place = "users.csv line \(row.line)"
            guard id.utf8.count == 7, id.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else {
                problems.append("\(place): \(settings.studentID.rawValue) '\(id.prefix(40))' of user '\(row["sourcedId"].prefix(60))' is not a 7-digit student ID")
                continue
            }
            if let first = seen.updateValue(row.line, forKey: id) {
                problems.append("\(place): student ID \(id) again (first on users.csv line \(first))")
                continue
            }
            let status = row["status"].lowercased(), enabled = row["enabledUser"].lowercased()
            if status == "tobedeleted" || enabled == "false" {
                deactivating.append(id)
                continue
            }
            let homeroom = studentHomeroom[row["sourcedId"]]
            let org = homeroom.flatMap { classes[$0] } ?? Self.ownOrg(of: row, roles[row["sourcedId"]]?.org)
            let fields = [id, row["familyName"], row["givenName"], row["middleName"], birthDates[row["sourcedId"]] ?? "",
                          Self.grade(row["grades"]), orgs[org] ?? "",
                          homeroom.flatMap { homeroomTeacher[$0] }.flatMap { teacherNames[$0] } ?? ""]
            switch RosterFile.check(fields, columns: Array(0..<8), header: 8) {
            case .failure(let problem): problems.append("\(place): \(problem.reason)")
            case .success(let student): rows.append((student, row.line))
            }
        }
        if !problems.isEmpty { throw RosterError(problems: problems) }
        return (rows, deactivating, teachers)
    }

    /// An active teacher of `users.csv` as a staff account: their `username` in lower case (a
    /// name that cannot be a staff username is a problem), `name`, and `email` when valid.
    mutating func teacher(_ row: OneRosterTable.Row, name: String) -> Staff? {
        guard row["status"].lowercased() != "tobedeleted", row["enabledUser"].lowercased() != "false" else { return nil }
        let username = row["username"].lowercased()
        guard Staff.isValidUsername(username), (1...200).contains(name.count) else {
            teacherProblems.append("users.csv line \(row.line): teacher '\(row["sourcedId"].prefix(60))' has no username that can be a staff account ('\(username.prefix(40))')")
            return nil
        }
        let email = row["email"]
        return Staff(username: username, displayName: name, role: .teacher, passwordHash: nil,
                     email: Staff.isValidEmail(email) ? email : nil, at: Date())
    }

    /// Whether users.csv lists every user (bulk), so an enrollment of a user it lacks is wrong.
    var usersAreBulk = true

    /// The student ID from the configured field (`userIds`: the first `{type:id}` whose id is 7 digits).
    static func studentID(of row: OneRosterTable.Row, _ field: OneRosterSettings.StudentIDField) -> String {
        guard field == .userIds else { return row[field.rawValue] }
        let ids = row["userIds"].trimmingCharacters(in: CharacterSet(charactersIn: "[]")).split(separator: ",").map { entry in
            String(entry.trimmingCharacters(in: CharacterSet(charactersIn: "{} ")).split(separator: ":").last ?? "")
        }
        return ids.first { $0.count == 7 && $0.allSatisfy(\.isASCIIDigit) } ?? row["userIds"]
    }

    /// The user's own org: 1.1's first `orgSourcedIds`, 1.2's `primaryOrgSourcedId`, or their role's.
    static func ownOrg(of row: OneRosterTable.Row, _ roleOrg: String?) -> String {
        let primary = row["primaryOrgSourcedId"]
        if !primary.isEmpty { return primary }
        return row["orgSourcedIds"].split(separator: ",").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? roleOrg ?? ""
    }

    /// The first of OneRoster's `grades` as the roster writes grades: CEDS `PR`, `IT` and `TK`
    /// are pre-K; a grade Homeroom has no place for (`13`, `PS`, `UG`, `Other`) is left empty.
    static func grade(_ grades: String) -> String {
        let grade = RosterFile.canonicalGrade(grades.split(separator: ",").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? "")
        if ["PR", "IT", "TK"].contains(grade) { return "PK" }
        return RosterFile.grades.contains(grade) ? grade : ""
    }
}
