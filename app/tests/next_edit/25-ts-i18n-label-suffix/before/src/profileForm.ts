import { t } from "./i18n";

export interface FieldSpec {
  name: string;
  label: string;
  placeholder?: string;
  type: "text" | "email" | "tel" | "password";
  required: boolean;
}

export interface FormSpec {
  title: string;
  fields: FieldSpec[];
  submit: string;
}

export function profileForm(): FormSpec {
  return {
    title: t("profile.title"),
    fields: [
      {
        name: "name",
        label: t("user.name"),
        placeholder: t("user.name.placeholder"),
        type: "text",
        required: true,
      },
      {
        name: "email",
        label: t("user.email"),
        placeholder: t("user.email.placeholder"),
        type: "email",
        required: true,
      },
      {
        name: "phone",
        label: t("user.phone"),
        type: "tel",
        required: false,
      },
      {
        name: "password",
        label: t("user.password"),
        type: "password",
        required: true,
      },
    ],
    submit: t("actions.save"),
  };
}
