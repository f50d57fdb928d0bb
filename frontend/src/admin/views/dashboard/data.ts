// What the home page will show once the features behind it exist (F6). Listed, not faked.
import type { Component } from 'vue'
import { Checked, Histogram, Memo, Odometer, PieChart, Tickets, UserFilled } from '@element-plus/icons-vue'
import type { MessageKey } from '@/shared/i18n'

export interface UpcomingPanel {
  key: string
  titleKey: MessageKey
  icon: Component
}

export const UPCOMING_PANELS: readonly UpcomingPanel[] = [
  { key: 'coverage', titleKey: 'dashboard.upcoming.coverage', icon: Histogram },
  { key: 'grades', titleKey: 'dashboard.upcoming.grades', icon: PieChart },
  { key: 'personnel', titleKey: 'dashboard.upcoming.personnel', icon: UserFilled },
  { key: 'inspections', titleKey: 'dashboard.upcoming.inspections', icon: Checked },
  { key: 'rectification', titleKey: 'dashboard.upcoming.rectification', icon: Tickets },
  { key: 'routines', titleKey: 'dashboard.upcoming.routines', icon: Memo },
  { key: 'goals', titleKey: 'dashboard.upcoming.goals', icon: Odometer },
]
