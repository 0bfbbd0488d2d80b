import type { ReactNode } from 'react';

/** Small stroke icons on a 24px grid; decorative, so hidden from assistive technology. */
export function Icon({ children, size = 16 }: { children: ReactNode; size?: number }) {
  return (
    <svg
      className="icon"
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.75}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {children}
    </svg>
  );
}

export type IconComponent = (props: { size?: number }) => ReactNode;

export const ChatIcon: IconComponent = (p) => (
  <Icon {...p}>
    <path d="M20 11.5a7.5 7.5 0 0 1-10.9 6.7L4 19.5l1.3-4.6A7.5 7.5 0 1 1 20 11.5z" />
  </Icon>
);

export const VaultIcon: IconComponent = (p) => (
  <Icon {...p}>
    <rect x="4.5" y="10.5" width="15" height="10" rx="2" />
    <path d="M8 10.5V7.5a4 4 0 0 1 8 0v3" />
    <path d="M12 14.5v2" />
  </Icon>
);

export const WalletIcon: IconComponent = (p) => (
  <Icon {...p}>
    <path d="M18 7.5V5.5a1.5 1.5 0 0 0-1.5-1.5H6a2.5 2.5 0 0 0 0 5" />
    <path d="M3.5 6.5v11A2.5 2.5 0 0 0 6 20h12.5a1.5 1.5 0 0 0 1.5-1.5v-8A1.5 1.5 0 0 0 18.5 9H6" />
    <path d="M16 14.5h.01" />
  </Icon>
);

export const MarketIcon: IconComponent = (p) => (
  <Icon {...p}>
    <path d="M3.5 12.2V5a1.5 1.5 0 0 1 1.5-1.5h7.2l8.3 8.3a1.5 1.5 0 0 1 0 2.1l-6.2 6.2a1.5 1.5 0 0 1-2.1 0z" />
    <circle cx="8.5" cy="8.5" r="1.25" />
  </Icon>
);

export const AgentIcon: IconComponent = (p) => (
  <Icon {...p}>
    <path d="M11 3.5l1.7 4.8 4.8 1.7-4.8 1.7L11 16.5l-1.7-4.8L4.5 10l4.8-1.7z" />
    <path d="M18 14.5l.8 1.7 1.7.8-1.7.8-.8 1.7-.8-1.7-1.7-.8 1.7-.8z" />
  </Icon>
);

export const TasksIcon: IconComponent = (p) => (
  <Icon {...p}>
    <circle cx="12" cy="12" r="8.5" />
    <path d="M12 7.5V12l3 2" />
  </Icon>
);

export const ModelsIcon: IconComponent = (p) => (
  <Icon {...p}>
    <path d="M12 3.5l7.5 4.25v8.5L12 20.5l-7.5-4.25v-8.5z" />
    <path d="M4.5 7.75L12 12l7.5-4.25M12 12v8.5" />
  </Icon>
);

export const SettingsIcon: IconComponent = (p) => (
  <Icon {...p}>
    <path d="M4 6.5h9M17 6.5h3M4 12h3M11 12h9M4 17.5h11M19 17.5h1" />
    <circle cx="15" cy="6.5" r="2" />
    <circle cx="9" cy="12" r="2" />
    <circle cx="17" cy="17.5" r="2" />
  </Icon>
);

/** Show a hidden value (passphrases, secrets). */
export const EyeIcon = (p: { size?: number }) => (
  <Icon {...p}>
    <path d="M2.5 12S6 5.5 12 5.5 21.5 12 21.5 12 18 18.5 12 18.5 2.5 12 2.5 12z" />
    <circle cx="12" cy="12" r="2.75" />
  </Icon>
);

/** Sahel's mark: a low sun over two dunes. */
export const LogoMark = ({ size = 22 }: { size?: number }) => (
  <svg
    className="logo-mark"
    width={size}
    height={size}
    viewBox="0 0 24 24"
    aria-hidden="true"
    focusable="false"
  >
    <rect width="24" height="24" rx="6" className="logo-mark-bg" />
    <circle cx="14.5" cy="10" r="3.5" className="logo-mark-sun" />
    <path d="M0 16.5c4.5-3.5 9-3.5 13-1s7.5 2 11-.5V24H0z" className="logo-mark-dune logo-mark-far" />
    <path d="M0 20c4-2 7.5-2 11-.5s8 1.5 13-1.5V24H0z" className="logo-mark-dune" />
  </svg>
);
