import type { AnchorHTMLAttributes, ButtonHTMLAttributes, Ref } from 'react';

/**
 * What a button does, which sets how it looks: `primary` the one main action of a view, `secondary`
 * any other, `destructive` one that starts something irreversible (a delete that then asks),
 * `danger` the button that confirms it, `quiet` a small action in a toolbar or a row, `link` an
 * action inside a sentence.
 */
export type ButtonVariant = 'primary' | 'secondary' | 'destructive' | 'danger' | 'quiet' | 'link';
export type ButtonSize = 'md' | 'sm' | 'lg';

interface Look {
  variant?: ButtonVariant;
  size?: ButtonSize;
  /** Layout only (margins, alignment): the kit's layer outranks page stylesheets for the rest. */
  className?: string | undefined;
}

function lookProps({ variant = 'secondary', size = 'md', className }: Look) {
  return {
    className: className ? `btn ${className}` : 'btn',
    'data-variant': variant,
    'data-size': size,
  };
}

type ButtonProps = Look &
  Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'className'> & { ref?: Ref<HTMLButtonElement> };

/** The app's one button. Its look comes from styles/kit.css (layer `kit`), never from a page. */
export function Button({ variant, size, className, type = 'button', ...rest }: ButtonProps) {
  return <button type={type} {...lookProps({ variant, size, className })} {...rest} />;
}

type LinkButtonProps = Look & Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'className'>;

/** A link that looks like a Button (a download, say): navigation, so an <a>, with the same look. */
export function LinkButton({ variant, size, className, ...rest }: LinkButtonProps) {
  return <a {...lookProps({ variant, size, className })} {...rest} />;
}
