// The exams this phone has opened, per signed-in user, in localStorage: what the list shows, the
// answers chosen so far (kept across a reload until the paper is handed in) and the result.
//
// The list itself comes from the service (GET /v1/assessments/mine); this keeps the answers chosen
// so far, and lets the list show what the phone knows while it is offline. An exam can also be
// opened from the link the regulator gives (/field/exams/{assessment_id}/{person_id}).

export interface ExamResultNote {
  /** null when the service refused a second answer (ASSESSMENT_TAKEN) and the score is unknown here */
  score: number | null
  passed: boolean | null
  takenAt: string | null
}

export interface KnownExam {
  assessmentId: string
  personId: string
  title: string
  person: string
  roleLabel: string
  passScore: number
  questions: number
  openedAt: string
  /** chosen option per question id, until the paper is handed in */
  draft: Record<string, number>
  result: ExamResultNote | null
}

const PREFIX = 'qsrp.field.exams.'
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'

const keyOf = (owner: string): string => `${PREFIX}${owner}`
const same = (e: KnownExam, assessmentId: string, personId: string): boolean =>
  e.assessmentId === assessmentId && e.personId === personId

function readAll(owner: string): KnownExam[] {
  if (!owner) return []
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(keyOf(owner)) ?? '[]')
    return Array.isArray(parsed) ? (parsed as KnownExam[]) : []
  } catch {
    return []
  }
}

function writeAll(owner: string, exams: KnownExam[]): void {
  if (!owner) return
  try {
    localStorage.setItem(keyOf(owner), JSON.stringify(exams))
  } catch {
    // Storage full or disabled (private mode): the exam still works, it is just not remembered.
  }
}

/** Newest first. */
export function listKnownExams(owner: string): KnownExam[] {
  return readAll(owner).sort((a, b) => b.openedAt.localeCompare(a.openedAt))
}

export function knownExam(owner: string, assessmentId: string, personId: string): KnownExam | undefined {
  return readAll(owner).find((e) => same(e, assessmentId, personId))
}

/** Add the exam, or update what is known of it; returns the stored copy. */
export function rememberExam(
  owner: string,
  exam: Omit<KnownExam, 'openedAt' | 'draft' | 'result'> & Partial<Pick<KnownExam, 'draft' | 'result'>>,
): KnownExam {
  const all = readAll(owner)
  const old = all.find((e) => same(e, exam.assessmentId, exam.personId))
  const stored: KnownExam = {
    ...exam,
    openedAt: old?.openedAt ?? new Date().toISOString(),
    draft: exam.draft ?? old?.draft ?? {},
    result: exam.result ?? old?.result ?? null,
  }
  writeAll(owner, [...all.filter((e) => e !== old), stored])
  return stored
}

export function updateExam(owner: string, assessmentId: string, personId: string, patch: Partial<KnownExam>): void {
  const all = readAll(owner)
  writeAll(owner, all.map((e) => (same(e, assessmentId, personId) ? { ...e, ...patch } : e)))
}

/** The two ids of an exam link (or of any text holding them, as a QR code may). */
export function parseExamLink(text: string): { assessmentId: string; personId: string } | null {
  const lower = text.trim().toLowerCase()
  const path = new RegExp(`exams/(${UUID})/(${UUID})`).exec(lower)
  if (path?.[1] && path[2]) return { assessmentId: path[1], personId: path[2] }
  const ids = lower.match(new RegExp(UUID, 'g'))
  if (ids && ids.length === 2 && ids[0] && ids[1]) return { assessmentId: ids[0], personId: ids[1] }
  return null
}
