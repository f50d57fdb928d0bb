// Who may act on the follow-up records: the service lets every regulator order and close recalls,
// record assistance visits and refer or update cases (followups/router.py, Regulator).
export { EXECUTE_ACCESS as FOLLOWUP_ACCESS } from '../shared/ui'
