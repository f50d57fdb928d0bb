// Who may do what with assessments (assessments/router.py): bureau staff organise and publish them
// (Bureau: not station inspectors); every regulator may record a paper exam's score (Regulator).
export { DRAW_ACCESS as ASSESSMENT_ORGANISE_ACCESS, EXECUTE_ACCESS as ASSESSMENT_SCORE_ACCESS } from '../shared/ui'
